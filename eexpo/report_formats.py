"""The event report as people read it: JSON for the API, CSV for spreadsheets, plain text for
the command line, and the summary sentence of the organizers' page."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from eexpo.catalogue.rows import plain_decimal as money
from eexpo.catalogue.services import local_words
from eexpo.csvfiles import to_csv
from eexpo.funnel import STEPS, Funnel, step_labels
from eexpo.i18n import country_name, current_locale_code
from eexpo.report import SHARE_PLACES, Line, Report, big_amount, percent_labels, share, yuan


def _fraction(value: Decimal) -> float:
    """Shares in JSON: numbers from 0 to 1, to six places (money stays a decimal string)."""
    return float(value.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP))


def _line_json(line: Line, name: str) -> dict[str, object]:
    data: dict[str, object] = {
        name: line.key or None,
        "count": line.count,
        "value_cny": money(line.value),
        "count_share": _fraction(line.count_share),
        "value_share": _fraction(line.value_share),
    }
    if name == "sector":
        data["group"] = line.group
    return data


def as_json(report: Report) -> dict[str, object]:
    return {
        "exhibitors": {
            "total": report.exhibitors,
            "with_booth": report.exhibitors_online,
            "by_country": [{"country": c, "count": n} for c, n in report.exhibitors_by_country],
            "by_delegation": [
                {"delegation": d, "count": n} for d, n in report.exhibitors_by_delegation
            ],
        },
        "booths": {
            "published": report.booths,
            "by_sector": [
                {"sector": s.slug if s else None, "count": n} for s, n in report.booths_by_sector
            ],
        },  # fmt: skip
        "visitors": {
            "total": report.visitors,
            "by_day": [
                {
                    "day": d.day.isoformat(),
                    "unique_visitors": d.visitors,
                    "page_views": d.views,
                    "video_plays": d.plays,
                }
                for d in report.days
            ],
        },  # fmt: skip
        "views": report.views,
        "video_plays": report.plays,
        "leads": report.leads,
        "projects": {
            "count": report.projects,
            "value_cny": money(report.value),
            "by_sector": [_line_json(line, "sector") for line in report.by_sector],
            "by_group": [_line_json(line, "group") for line in report.by_group],
            "by_region": [
                {
                    "country": p.country,
                    "region": p.region,
                    "count": p.count,
                    "value_cny": money(p.value),
                    "count_share": _fraction(p.count_share),
                }
                for p in report.by_place
            ],  # fmt: skip
            "outside_host_region": {
                "count": report.outside,
                "count_share": _fraction(report.outside_share),
            },  # fmt: skip
        },
        "funnel": _funnel_json(report.funnel),
    }


def _funnel_json(funnel: Funnel) -> dict[str, object]:
    return {
        **funnel.total.counts,
        "by_sector": [{"sector": s.key or None, **s.counts} for s in funnel.by_sector],
    }


def summary(report: Report) -> str:
    """The press-release sentence."""
    group_count_share = share(report.group_count, report.projects)
    group_value_share = share(report.group_value, report.value)
    count_label, value_label = percent_labels([group_count_share, group_value_share])
    signed = ngettext(
        "%(num)d project was signed, worth %(amount)s;",
        "%(num)d projects were signed, worth %(amount)s;",
        report.projects, amount=big_amount(report.value),
    )  # fmt: skip
    group = _(
        "%(count)d of them in the %(group)s sectors, accounting for %(count_share)s of all "
        "signed projects and %(value_share)s of the total value;",
        count=report.group_count, group=report.group_label, count_share=count_label,
        value_share=value_label,
    )  # fmt: skip
    outside = _(
        "%(count)d are based outside the host region, %(share)s of the total.",
        count=report.outside, share=percent_labels([report.outside_share])[0],
    )  # fmt: skip
    return f"{signed} {group} {outside}"


CSV_HEADER = ("section", "key", "label", "count", "value_cny", "count_share", "value_share")


def csv_rows(report: Report) -> list[tuple[object, ...]]:
    """The figures, one per row: `key` as the API names it (slugs, codes), `label` the name in
    the reader's language where there is one."""

    def share_text(value: Decimal) -> str:
        return str(value.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP))

    locale = current_locale_code()
    rows: list[tuple[object, ...]] = [
        ("exhibitors", "total", "", report.exhibitors, "", "", ""),
        ("exhibitors", "with_booth", "", report.exhibitors_online, "", "", ""),
    ]
    rows += [("exhibitors_by_country", c or "", country_name(c), n, "", "", "")
             for c, n in report.exhibitors_by_country]  # fmt: skip
    rows += [("exhibitors_by_delegation", d or "", local_words(d), n, "", "", "")
             for d, n in report.exhibitors_by_delegation]  # fmt: skip
    rows.append(("booths", "published", "", report.booths, "", "", ""))
    rows += [("booths_by_sector", s.slug if s else "", s.display_name(locale) if s else "", n,
              "", "", "") for s, n in report.booths_by_sector]  # fmt: skip
    rows.append(("visitors", "total", "", report.visitors, "", "", ""))
    rows += [("visitors_by_day", d.day.isoformat(), "", d.visitors, "", "", "")
             for d in report.days]  # fmt: skip
    rows += [("views", "total", "", report.views, "", "", ""),
             ("video_plays", "total", "", report.plays, "", "", ""),
             ("leads", "total", "", report.leads, "", "", ""),
             ("projects", "total", "", report.projects, money(report.value), "", "")]  # fmt: skip
    for section, lines in (("projects_by_sector", report.by_sector),
                           ("projects_by_group", report.by_group)):  # fmt: skip
        rows += [(section, line.key, line.label, line.count, money(line.value),
                  share_text(line.count_share), share_text(line.value_share))
                 for line in lines]  # fmt: skip
    rows += [("projects_by_region", " / ".join(filter(None, [p.country, p.region])),
              " / ".join(filter(None, [country_name(p.country), local_words(p.region)])),
              p.count, money(p.value), share_text(p.count_share), "")
             for p in report.by_place]  # fmt: skip
    rows.append(("projects_outside_host_region", "", "", report.outside, "",
                 share_text(report.outside_share), ""))  # fmt: skip
    labels = step_labels()
    rows += [("funnel", step, labels[step], n, "", "", "")
             for step, n in report.funnel.total.counts.items()]  # fmt: skip
    rows += [(f"funnel_{step}_by_sector", stage.key, stage.label, stage.counts[step], "", "", "")
             for step in STEPS for stage in report.funnel.by_sector]  # fmt: skip
    return rows


def as_csv(report: Report) -> bytes:
    return to_csv(CSV_HEADER, csv_rows(report))


def as_text(report: Report) -> str:
    lines = [
        summary(report),
        "",
        _("Exhibitors: %(total)d, %(online)d with a published e-booth",
          total=report.exhibitors, online=report.exhibitors_online),
        _("Booths published: %(n)d", n=report.booths),
        _("Visitors: %(n)d (unique per day, summed over %(days)d days)",
          n=report.visitors, days=len(report.days)),
        _("Booth views: %(views)d; video plays: %(plays)d; leads: %(leads)d",
          views=report.views, plays=report.plays, leads=report.leads),
        _("Signed projects: %(n)d, RMB %(yuan)s (%(amount)s)",
          n=report.projects, yuan=yuan(report.value), amount=big_amount(report.value)),
        "",
    ]  # fmt: skip
    labels = step_labels()
    lines.append(_("From booth view to signed project"))
    lines += [f"  {labels[step]}: {n}" for step, n in report.funnel.total.counts.items()]
    lines.append("")
    for title, items in (
        (_("By sector"), report.by_sector),
        (_("By sector group"), report.by_group),
    ):
        lines.append(title)
        counts = percent_labels([i.count_share for i in items])
        values = percent_labels([i.value_share for i in items])
        for item, count_label, value_label in zip(items, counts, values, strict=True):
            lines.append(f"  {item.label}: {item.count} ({count_label}), RMB {yuan(item.value)} "
                         f"({value_label})")  # fmt: skip
    return "\n".join(lines) + "\n"
