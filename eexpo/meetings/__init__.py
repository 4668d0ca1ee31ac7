"""Business matchmaking: the times an exhibitor's team offers (`availability`) and the meetings
booked in them (`booking`). The database keeps the promises: a host's slots never overlap, a
slot is booked once, nobody is in two meetings at once, and a business talk never seats more
meetings than it has tables, however many requests arrive together."""
