// Recorded lessons: resumable uploads in parts, and seeking from comments.
//
// Without this script the upload form posts the whole file and comment links reload
// the page at their moment. With it, the file is sent in parts through the API; after
// a dropped connection the script requests how many bytes the server has and goes on
// from there, and an upload left unfinished continues when the same file is chosen
// again (its id is kept in localStorage under the file's name, size and date).
"use strict";

(function () {
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] !== undefined ? values[name] : "";
    });
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function storageKey(activity, file) {
    return "caunoi-upload:" + activity + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  async function json(response) {
    try { return await response.json(); } catch (_) { return {}; }
  }

  function setupUpload(form) {
    var activity = form.dataset.activity;
    var status = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress");
    var button = form.querySelector("button[type=submit]");

    function show(text) {
      status.hidden = false;
      status.textContent = text;
    }

    function progress(sent, total) {
      var percent = Math.floor((sent * 100) / total);
      bar.hidden = false;
      bar.value = percent;
      show(format(status.dataset.textProgress, {
        percent: percent,
        sent: (sent / 1048576).toFixed(1),
        total: (total / 1048576).toFixed(1),
      }));
    }

    // Returns the upload to continue for this file, or starts a new one.
    async function findOrCreate(file, title) {
      var key = storageKey(activity, file);
      var known = localStorage.getItem(key);
      if (known) {
        var existing = await fetch("/api/v1/recordings/" + known, { credentials: "same-origin" });
        if (existing.ok) {
          var recording = await json(existing);
          if (recording.status === "uploading" && recording.size_bytes === file.size) {
            show(format(status.dataset.textResumed, {
              percent: Math.floor((recording.received_bytes * 100) / file.size),
            }));
            return recording;
          }
        }
        localStorage.removeItem(key);
      }
      var created = await fetch("/api/v1/activities/" + activity + "/recordings", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title: title, file_name: file.name, size_bytes: file.size }),
      });
      var body = await json(created);
      if (!created.ok) {
        throw new Error((body.error && body.error.message) || status.dataset.textFailed);
      }
      localStorage.setItem(key, String(body.id));
      return body;
    }

    // Asks the server how many bytes it holds.
    async function receivedBytes(recording) {
      var response = await fetch("/api/v1/recordings/" + recording.id, { credentials: "same-origin" });
      if (!response.ok) throw new Error(status.dataset.textFailed);
      return (await json(response)).received_bytes;
    }

    async function send(file, recording) {
      var offset = recording.received_bytes;
      var partBytes = recording.part_bytes || Number(form.dataset.partBytes);
      var failures = 0;
      while (offset < file.size) {
        progress(offset, file.size);
        var part = file.slice(offset, Math.min(offset + partBytes, file.size));
        var response;
        try {
          response = await fetch(recording.upload_url, {
            method: "PUT",
            credentials: "same-origin",
            headers: { "Content-Type": "application/octet-stream", "Upload-Offset": String(offset) },
            body: part,
          });
        } catch (_) {
          response = null;
        }
        if (response && response.ok) {
          offset = (await json(response)).received_bytes;
          failures = 0;
          continue;
        }
        if (response && response.status === 409) {
          offset = Number(response.headers.get("Upload-Offset"));
          continue;
        }
        if (response && response.status < 500) {
          var body = await json(response);
          throw new Error((body.error && body.error.message) || status.dataset.textFailed);
        }
        failures += 1;
        if (failures > 8) throw new Error(status.dataset.textFailed);
        var seconds = Math.min(60, 2 ** failures);
        show(format(status.dataset.textRetry, { seconds: seconds }));
        await sleep(seconds * 1000);
        try {
          offset = await receivedBytes(recording);
        } catch (_) {
          // Still offline: the next round waits longer.
        }
      }
      progress(file.size, file.size);
    }

    form.addEventListener("submit", async function (event) {
      var input = form.querySelector("input[type=file]");
      var file = input.files && input.files[0];
      var title = form.querySelector("input[name=title]").value.trim();
      if (!file || !title || !window.fetch || !file.slice) return; // The server explains.
      event.preventDefault();
      button.disabled = true;
      try {
        var recording = await findOrCreate(file, title);
        await send(file, recording);
        localStorage.removeItem(storageKey(activity, file));
        window.location.assign("/recordings/" + recording.id + "?done=uploaded");
      } catch (error) {
        show(error.message);
        button.disabled = false;
      }
    });
  }

  function setupPlayer(video) {
    document.querySelectorAll("a.seek[data-seconds]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        video.currentTime = Number(link.dataset.seconds);
        video.play().catch(function () { /* Autoplay may be refused; the position is set. */ });
        video.scrollIntoView({ block: "nearest" });
      });
    });
    var fill = document.querySelector("[data-fill-position]");
    var position = document.getElementById("position");
    if (fill && position) {
      fill.hidden = false;
      fill.addEventListener("click", function () {
        var ms = Math.round(video.currentTime * 1000);
        var minutes = Math.floor(ms / 60000);
        var seconds = Math.floor((ms % 60000) / 1000);
        var millis = ms % 1000;
        position.value = minutes + ":" + String(seconds).padStart(2, "0") + "." + String(millis).padStart(3, "0");
      });
    }
  }

  document.querySelectorAll("form[data-resumable-upload]").forEach(setupUpload);
  var player = document.getElementById("player");
  if (player) setupPlayer(player);
})();
