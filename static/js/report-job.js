// Follows a report job while a worker makes it: updates the progress bar and its text, and
// reloads the page when the job is done or failed (the page then shows the download or the
// reason with a retry button). Without JavaScript the page has a "Check again" link.
(function () {
  "use strict";
  var panel = document.querySelector("[data-status-url]");
  if (!panel) return;
  var bar = document.getElementById("job-progress");
  var stage = document.getElementById("job-stage");
  var delay = 1000;

  function poll() {
    fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (job) {
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
          return;
        }
        bar.value = job.progress;
        bar.textContent = job.progress + "%";
        stage.textContent = job.status_label + ": " + (job.stage || "waiting for a worker") + " (" + job.progress + "%)";
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
