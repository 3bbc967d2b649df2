// The meeting room's protocol view: the current step's minutes count down once started; Space
// starts or pauses, the arrow keys go to the next or previous step (links that also work
// without this script). The status line tells a screen reader when time is up.
(function () {
  "use strict";
  var clock = document.getElementById("room-clock");
  if (!clock) return;
  var start = document.getElementById("room-start");
  var status = document.getElementById("room-status");
  var left = parseInt(clock.dataset.minutes, 10) * 60;
  var timer = null;
  function show() {
    var m = Math.floor(Math.max(left, 0) / 60), s = Math.max(left, 0) % 60;
    clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    left -= 1;
    show();
    if (left === 60) status.textContent = "One minute left.";
    if (left <= 0) {
      stop();
      clock.classList.add("is-over");
      status.textContent = "Time is up for this step.";
    }
  }
  function run() { timer = window.setInterval(tick, 1000); start.textContent = "Pause"; status.textContent = "The clock is running."; }
  function stop() { window.clearInterval(timer); timer = null; start.textContent = "Start"; }
  function toggle() { if (timer) { stop(); status.textContent = "Paused."; } else if (left > 0) run(); }
  start.hidden = false;
  start.addEventListener("click", toggle);
  document.addEventListener("keydown", function (event) {
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;  // typing
    // Space on a focused button or link is its own click; elsewhere it starts or pauses.
    if (event.key === " " && !/^(BUTTON|A)$/.test(event.target.tagName)) {
      event.preventDefault();
      toggle();
    }
    var go = event.key === "ArrowRight" ? "room-next" : event.key === "ArrowLeft" ? "room-prev" : null;
    var link = go && document.getElementById(go);
    if (link) window.location.href = link.href;
  });
  show();
})();
