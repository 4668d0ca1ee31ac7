// The portal's uploader and saved/unsaved state, for a form marked data-uploader: the booth
// editor (each file becomes a block) or the profile (the file fills one field, the logo).
// It speaks only the public API (/api/v1/.../media, /api/v1/media/{id}/...) and sends the
// bytes straight to the store.
"use strict";

(function () {
  const form = document.querySelector("form[data-uploader]");
  if (!form) return;

  const API = "/api/v1";
  const csrf = form.querySelector('input[name="csrf_token"]').value;
  const startPath = form.dataset.api;
  const messages = document.querySelector("[data-messages]").dataset;
  const list = form.querySelector("[data-upload-list]");
  const blocks = form.querySelector(".editor-blocks");
  const fieldBox = form.querySelector(".media-state[data-field]");
  const resumeKey = "eexpo.uploads." + form.dataset.resumeScope;

  // --- saved / unsaved -------------------------------------------------------------------
  const state = form.querySelector(".save-state");
  let dirty = state.classList.contains("unsaved") || state.textContent === state.dataset.unsavedText;
  let leaving = false;
  function markDirty() {
    dirty = true;
    state.textContent = state.dataset.unsavedText;
    state.classList.add("unsaved");
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", (event) => {
    if (!event.target.matches("[data-file-input]")) markDirty();
  });
  form.addEventListener("submit", () => { leaving = true; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !leaving) event.preventDefault();
  });

  // --- HTTP ------------------------------------------------------------------------------
  async function api(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = response.status === 204 ? null : await response.json();
    if (!response.ok) throw new Error(data && data.error ? data.error.message : response.statusText);
    return data;
  }

  // XMLHttpRequest, for upload progress and cancelling.
  function send(method, url, body, onProgress, upload) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      upload.xhr = xhr;
      xhr.open(method, url);
      xhr.upload.onprogress = (event) => onProgress(event.loaded);
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve(xhr);
        else reject(new Error(errorText(xhr)));
      };
      xhr.onerror = () => reject(new Error(messages.error));
      xhr.onabort = () => reject(new Error(messages.cancelled));
      xhr.send(body);
    });
  }

  function errorText(xhr) {
    try {
      return JSON.parse(xhr.responseText).error.message;
    } catch (ignored) {
      return xhr.status + " " + xhr.statusText;
    }
  }

  // --- unfinished uploads (resumable after a reload) ---------------------------------------
  function pending() {
    try {
      return JSON.parse(localStorage.getItem(resumeKey) || "[]");
    } catch (ignored) {
      return [];
    }
  }
  function remember(record) {
    localStorage.setItem(resumeKey, JSON.stringify(pending().filter((r) => r.mediaId !== record.mediaId).concat([record])));
  }
  function forget(mediaId) {
    localStorage.setItem(resumeKey, JSON.stringify(pending().filter((r) => r.mediaId !== mediaId)));
  }
  function fingerprint(file) {
    return { name: file.name, size: file.size, lastModified: file.lastModified };
  }
  const waiting = new Map();
  for (const record of pending()) {
    const item = newItem(record.name);
    item.status.textContent = messages.resume.replace("%(name)s", record.name);
    item.cancel.hidden = true;
    waiting.set(record.mediaId, item);
  }

  // --- the editor's blocks ------------------------------------------------------------------
  // Each block's fields are numbered by an index of their own (the server orders them by it);
  // a new block takes the next free one, its label its place.
  function addBlock(kind, mediaId) {
    const template = document.getElementById({ image: "photo", video: "video", document: "document" }[kind] + "-block-template");
    const present = Array.from(blocks.querySelectorAll(".editor-block"));
    const index = Math.max(-1, ...present.map((block) => Number(block.dataset.index))) + 1;
    const html = template.innerHTML
      .replaceAll("98765", String(index))
      .replaceAll("98766", String(present.length + 1))
      .replaceAll("98767", String(present.length + 1));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const fieldset = holder.firstElementChild;
    fieldset.querySelector('input[name$="-media_id"]').value = mediaId;
    fieldset.querySelector(".media-state").dataset.mediaId = mediaId;
    const empty = blocks.querySelector("p.muted");
    if (empty) empty.remove();
    blocks.appendChild(fieldset);
    refreshMoves();
    markDirty();
    return fieldset;
  }

  // "Move up" and "Move down" as the blocks now stand: the first cannot go up, the last down.
  function refreshMoves() {
    const present = blocks.querySelectorAll(".editor-block");
    present.forEach((block, position) => {
      block.querySelector('.block-actions [value^="up-"]').disabled = position === 0;
      block.querySelector('.block-actions [value^="down-"]').disabled = position === present.length - 1;
    });
  }

  // Where a new upload shows: a block of its own, or the form's one media field.
  function place(kind, mediaId) {
    if (!fieldBox) return addBlock(kind, mediaId);
    form.querySelector('input[name="' + fieldBox.dataset.field + '"]').value = mediaId;
    fieldBox.dataset.mediaId = mediaId;
    markDirty();
  }

  function removeBlock(mediaId) {
    const box = form.querySelector('.media-state[data-media-id="' + mediaId + '"]');
    if (!box) return;
    if (box === fieldBox) {
      form.querySelector('input[name="' + fieldBox.dataset.field + '"]').value = "";
      return;
    }
    box.closest(".editor-block").remove();
    refreshMoves();
  }

  // A refused file is of no use in the booth: its block goes (the next save keeps that), and
  // the upload list says why.
  function takeOut(mediaId, name, reason, item) {
    removeBlock(mediaId);
    markDirty();
    const shown = item || newItem(name);
    shown.node.classList.add("failed");
    shown.status.textContent = messages.failed + " " + reason + " " + messages.takenOut;
    shown.cancel.hidden = true;
    shown.retry.hidden = true;
  }

  function showMedia(mediaId, media) {
    const box = form.querySelector('.media-state[data-media-id="' + mediaId + '"]');
    if (!box) return;
    box.textContent = "";
    if (media.status === "ready") {
      const jpeg = media.variants.filter((v) => v.content_type === "image/jpeg");
      if (jpeg.length) {
        const img = document.createElement("img");
        img.src = jpeg[0].url;
        img.alt = "";
        img.className = "media-thumb";
        box.appendChild(img);
      }
      const name = document.createElement("span");
      name.className = "media-status";
      name.textContent = media.filename;
      box.appendChild(name);
      if (media.progress !== null && media.progress !== undefined) {
        const progress = document.createElement("p");
        progress.className = "media-progress";
        progress.setAttribute("role", "status");
        progress.textContent = converting(media);
        box.appendChild(progress);
      }
    } else {
      const note = document.createElement("p");
      note.className = media.status === "failed" ? "field-error" : "media-status";
      // While processing, `error` says why it waits (the store unreachable, say).
      note.textContent = media.status === "failed" ? messages.failed + " " + media.error : media.error || messages.processing;
      box.appendChild(note);
    }
  }

  // --- one upload ----------------------------------------------------------------------------
  function newItem(name) {
    const node = document.getElementById("upload-item-template").content.firstElementChild.cloneNode(true);
    node.querySelector(".upload-name").textContent = name;
    list.appendChild(node);
    return {
      node,
      bar: node.querySelector("progress"),
      status: node.querySelector(".upload-status"),
      cancel: node.querySelector("[data-cancel]"),
      retry: node.querySelector("[data-retry]"),
    };
  }

  // Types by file extension, for when the browser gives none (an MKV, or a phone's upper-case
  // ".MOV" on a system whose MIME database does not know it).
  const TYPES_BY_EXTENSION = {
    jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp",
    mp4: "video/mp4", m4v: "video/mp4", mov: "video/quicktime", webm: "video/webm",
    mkv: "video/x-matroska", pdf: "application/pdf",
  };

  // The type the browser gives, or else the one the file's name says.
  function typeOf(file) {
    if (file.type && file.type !== "application/octet-stream") return file.type;
    const extension = (file.name.match(/\.([^.]+)$/) || ["", ""])[1].toLowerCase();
    return TYPES_BY_EXTENSION[extension] || "application/octet-stream";
  }

  function kindOf(file) {
    const type = typeOf(file);
    if (type.startsWith("image/")) return "image";
    if (type.startsWith("video/")) return "video";
    if (type === "application/pdf") return "document";
    return null;
  }

  // Uploads run side by side, but each starts (and takes its place in the form) after the
  // previous one has, so blocks keep the order in which the files were chosen. Returns a
  // promise that settles once this upload has started.
  function upload(file, resumeRecord, existingItem, previous = Promise.resolve()) {
    let started;
    const turn = new Promise((resolve) => { started = resolve; });
    transfer(file, resumeRecord, existingItem, previous, started);
    return turn;
  }

  async function transfer(file, resumeRecord, existingItem, previous, started) {
    const item = existingItem || newItem(file.name);
    const job = { cancelled: false, xhr: null, mediaId: resumeRecord ? resumeRecord.mediaId : null };
    item.node.classList.remove("failed");
    item.retry.hidden = true;
    item.cancel.hidden = false;
    item.cancel.onclick = async () => {
      job.cancelled = true;
      if (job.xhr) job.xhr.abort();
      if (job.mediaId) {
        forget(job.mediaId);
        removeBlock(job.mediaId);
        await api("DELETE", "/media/" + job.mediaId).catch(() => {});
      }
      item.status.textContent = messages.cancelled;
      item.cancel.hidden = true;
      item.retry.hidden = false;
      item.retry.onclick = () => upload(file, undefined, item);
    };
    try {
      await previous;
      item.status.textContent = messages.uploading;
      let spec;
      if (resumeRecord) {
        spec = resumeRecord.upload;
        // After a reload the unsaved form no longer shows it: put it back in its place.
        if (!form.querySelector('.media-state[data-media-id="' + job.mediaId + '"]')) {
          place(resumeRecord.kind, job.mediaId);
        }
      } else {
        const kind = kindOf(file);
        const created = await api("POST", startPath, {
          kind: kind || "image", filename: file.name, content_type: typeOf(file), size: file.size,
        });
        job.mediaId = created.media.id;
        spec = created.upload;
        place(created.media.kind, job.mediaId);
      }
      started();
      if (spec.method === "POST") {
        const body = new FormData();
        for (const [name, value] of Object.entries(spec.fields)) body.append(name, value);
        body.append("file", file);
        await send("POST", spec.url, body, (sent) => { item.bar.value = (100 * sent) / file.size; }, job);
        await api("POST", "/media/" + job.mediaId + "/complete");
      } else {
        const kind = resumeRecord ? resumeRecord.kind : kindOf(file);
        remember(Object.assign({ mediaId: job.mediaId, upload: spec, kind }, fingerprint(file)));
        await sendParts(file, spec, job, item);
      }
      forget(job.mediaId);
      item.bar.value = 100;
      item.cancel.hidden = true;
      await waitUntilProcessed(job, item);
    } catch (error) {
      started();
      if (job.cancelled) return;
      const resumable = pending().some((r) => r.mediaId === job.mediaId);
      if (job.mediaId && !resumable) {
        // A single-request upload starts over on retry: drop its half-made media item.
        removeBlock(job.mediaId);
        api("DELETE", "/media/" + job.mediaId).catch(() => {});
        job.mediaId = null;
      }
      item.node.classList.add("failed");
      item.status.textContent = messages.error + " " + error.message;
      item.retry.hidden = false;
      item.retry.onclick = () => {
        const record = pending().find((r) => r.mediaId === job.mediaId);
        upload(file, record, item);
      };
    }
  }

  async function sendParts(file, spec, job, item) {
    const stored = (await api("GET", "/media/" + job.mediaId + "/parts")).parts;
    const done = new Map(stored.map((p) => [p.part_number, p.etag]));
    const missing = [];
    for (let n = 1; n <= spec.part_count; n += 1) if (!done.has(n)) missing.push(n);
    let sentBefore = stored.reduce((total, p) => total + p.size, 0);
    for (let start = 0; start < missing.length; start += 20) {
      const signed = await api("POST", "/media/" + job.mediaId + "/parts", { part_numbers: missing.slice(start, start + 20) });
      for (const part of signed.parts) {
        if (job.cancelled) throw new Error(messages.cancelled);
        const from = (part.part_number - 1) * spec.part_size;
        const chunk = file.slice(from, Math.min(from + spec.part_size, file.size));
        const xhr = await send("PUT", part.url, chunk, (sent) => {
          item.bar.value = (100 * (sentBefore + sent)) / file.size;
        }, job);
        sentBefore += chunk.size;
        done.set(part.part_number, xhr.getResponseHeader("ETag"));
      }
    }
    const parts = Array.from(done, ([part_number, etag]) => ({ part_number, etag }));
    await api("POST", "/media/" + job.mediaId + "/complete", { parts });
  }

  function converting(media) {
    return messages.converting.replace("%(percent)s", String(Math.round(100 * media.progress)));
  }

  async function poll(mediaId, item) {
    for (;;) {
      const media = await api("GET", "/media/" + mediaId);
      showMedia(mediaId, media);
      if (media.status === "failed" || (media.status === "ready" && media.progress === null)) return media;
      if (item) item.status.textContent = media.error || (media.progress === null ? messages.processing : converting(media));
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }

  async function waitUntilProcessed(job, item) {
    item.status.textContent = messages.processing;
    const media = await poll(job.mediaId, item);
    if (media.status === "ready") item.status.textContent = messages.ready;
    else takeOut(job.mediaId, media.filename, media.error, item);
  }

  // --- a video's captions: each language's file sent as its text, checked by the server ------
  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (!input.matches("[data-captions]") || !input.files.length) return;
    const box = input.closest("[data-captions-for]");
    const status = input.parentElement.querySelector(".captions-status");
    try {
      const text = await input.files[0].text();
      await api("PUT", "/media/" + box.dataset.captionsFor + "/captions/" + input.dataset.captions, { captions: text });
      status.textContent = messages.captionsSaved;
    } catch (error) {
      status.textContent = messages.failed + " " + error.message;
    }
    input.value = "";
  });
  form.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-captions-remove]");
    if (!button) return;
    const box = button.closest("[data-captions-for]");
    const status = button.parentElement.querySelector(".captions-status");
    try {
      await api("DELETE", "/media/" + box.dataset.captionsFor + "/captions/" + button.dataset.captionsRemove);
      status.textContent = messages.captionsRemoved;
      button.remove();
    } catch (error) {
      status.textContent = messages.failed + " " + error.message;
    }
  });

  // Blocks shown while their media were still processing keep updating; those refused go.
  for (const box of form.querySelectorAll(".media-state")) {
    const mediaId = box.dataset.mediaId;
    if (box.dataset.refused !== undefined) {
      takeOut(mediaId, box.dataset.refused, box.dataset.reason);
    } else if (mediaId && box.querySelector("p.media-status, p.media-progress")) {
      poll(mediaId).then((media) => {
        if (media.status === "failed") takeOut(mediaId, media.filename, media.error);
      }).catch(() => {});
    }
  }

  // --- choosing files --------------------------------------------------------------------
  function accept(files) {
    let previous = Promise.resolve();
    for (const file of files) {
      const record = pending().find((r) => r.name === file.name && r.size === file.size && r.lastModified === file.lastModified);
      previous = upload(file, record, record ? waiting.get(record.mediaId) : undefined, previous);
    }
  }
  const input = form.querySelector("[data-file-input]");
  input.addEventListener("change", () => {
    accept(Array.from(input.files));
    input.value = "";
  });
  const zone = form.querySelector("[data-drop-zone]");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    accept(Array.from(event.dataTransfer.files));
  });
})();
