// The meeting room's two screens of a protocol run (without this script the steps are links,
// the clock shows the step's minutes and a capture posts the page).
// The facilitator's screen (data-room="run"): the current step's minutes count down once
// started; Space starts or pauses, the arrow keys go to the next or previous step. A capture
// is saved without leaving the page, so the clock runs on; a failed one says so and keeps
// the text. Going to another step while the clock runs starts that step's clock, and a
// reload keeps the step's clock (for a minute: coming back later starts afresh).
// The projected screen (data-room="present") shows the step and the clock that the
// facilitator's screen sends it: the two windows of one browser talk over a BroadcastChannel.
// The status line tells a screen reader when time is up.
(function () {
  "use strict";
  var room = document.querySelector("[data-room]");
  if (!room) return;
  var clock = document.getElementById("room-clock");
  var status = document.getElementById("room-status");
  var channel = window.BroadcastChannel ? new BroadcastChannel("waypoint-room-" + room.dataset.item) : null;
  var kept = "waypoint-room-" + room.dataset.item;
  var step = parseInt(room.dataset.current, 10);
  var left = parseInt(clock.dataset.minutes, 10) * 60;   // seconds left, while paused
  var endsAt = null;                                       // while running: when time is up
  var timer = null;
  var shown = null;
  var start = document.getElementById("room-start");   // the facilitator's screen only

  function remaining() {
    return endsAt === null ? left : Math.ceil((endsAt - Date.now()) / 1000);
  }

  function show() {
    var now = Math.max(remaining(), 0);
    if (now === shown) return;
    var m = Math.floor(now / 60), s = now % 60;
    clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    clock.classList.toggle("is-over", now === 0);
    if (shown !== null && endsAt !== null) {
      if (now <= 60 && shown > 60) status.textContent = "One minute left.";
      if (now === 0) status.textContent = "Time is up for this step.";
    }
    shown = now;
    if (now === 0 && endsAt !== null) {
      halt();
      if (start) start.textContent = "Start";
    }
  }

  function halt() {
    left = Math.max(remaining(), 0);
    endsAt = null;
    window.clearInterval(timer);
    timer = null;
  }

  function go(until) {
    endsAt = until;
    timer = window.setInterval(show, 250);
    status.textContent = "The clock is running.";
    show();
  }

  if (room.dataset.room === "present") {
    present();
    return;
  }

  // ------------------------------------------------------------ the facilitator's screen

  function tell() {
    var state = { step: step, left: remaining(), endsAt: endsAt, at: Date.now() };
    try { window.sessionStorage.setItem(kept, JSON.stringify(state)); } catch (e) { /* private mode */ }
    if (channel) channel.postMessage(state);
  }

  function run(until) {
    if (remaining() <= 0) return;
    start.textContent = "Pause";
    go(until || Date.now() + left * 1000);
    tell();
  }

  function pause() {
    halt();
    start.textContent = "Start";
    status.textContent = "Paused.";
    tell();
  }

  function toggle() { if (endsAt === null) run(); else pause(); }

  start.hidden = false;
  start.addEventListener("click", toggle);
  document.addEventListener("keydown", function (event) {
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;  // typing
    // Space on a focused button or link is its own click; elsewhere it starts or pauses.
    if (event.key === " " && !/^(BUTTON|A)$/.test(event.target.tagName)) {
      event.preventDefault();
      toggle();
    }
    var to = event.key === "ArrowRight" ? "room-next" : event.key === "ArrowLeft" ? "room-prev" : null;
    var link = to && document.getElementById(to);
    if (link) window.location.href = link.href;
  });
  window.addEventListener("pagehide", tell);
  if (channel) channel.onmessage = function (event) { if (event.data.hello) tell(); };

  var before = null;
  try { before = JSON.parse(window.sessionStorage.getItem(kept)); } catch (e) { /* none kept */ }
  if (before && Date.now() - before.at < 60000) {
    if (before.step !== step) {
      if (before.endsAt !== null) run();          // moved on while the clock ran
    } else if (before.endsAt !== null) {
      run(before.endsAt);
    } else {
      left = before.left;
    }
  }
  show();
  tell();
  capture();

  // A capture saved in the background: the page, its step and its clock stay.
  function capture() {
    var form = document.getElementById("room-capture");
    if (!form || !window.fetch) return;
    var say = document.getElementById("capture-status");
    var text = form.querySelector("textarea");
    var busy = false;
    function report(message, kind) {
      say.textContent = message;
      say.className = "save-status save-" + kind;
    }
    form.addEventListener("input", function () { form.dataset.unsaved = "1"; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      var sent = text.value;
      report("Capturing…", "pending");
      waypoint.sendForm(form).then(function (response) {
        if (response.status !== 200 && response.status !== 400) throw new Error("HTTP " + response.status);
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) {
          var errors = result.data.errors || {};
          var first = Object.keys(errors).map(function (k) { return errors[k][0].message; })[0];
          report("Not captured: " + (first || "please check the form.") + " Your text is still here.", "error");
          return;
        }
        report(result.data.message, "ok");
        if (text.value === sent) {   // not typed on meanwhile
          text.value = "";
          text.defaultValue = "";
          form.dataset.unsaved = "0";
        }
      }).catch(function () {
        report("Not captured: Waypoint could not be reached. Your text is still here: press Capture it again.", "error");
      }).finally(function () {
        busy = false;
      });
    });
  }

  // ------------------------------------------------------------ the projected screen
  function present() {
    var steps = room.querySelectorAll(".room-steps li");
    var full = document.getElementById("room-full");

    function moveTo(number) {
      var here = steps[number - 1], next = steps[number];
      if (!here) return;
      step = number;
      steps.forEach(function (li, i) {
        var current = i === number - 1;
        li.classList.toggle("is-current", current);
        if (current) li.setAttribute("aria-current", "step");
        else li.removeAttribute("aria-current");
      });
      document.getElementById("room-number").textContent = number;
      document.getElementById("step-title").textContent = here.dataset.title;
      document.getElementById("room-upnext").textContent = next
        ? "Next: " + next.dataset.title + " (" + next.dataset.minutes + " min)"
        : "The last step.";
      var minutes = parseInt(here.dataset.minutes, 10);
      status.textContent = minutes + " minute" + (minutes === 1 ? "" : "s") + " for this step.";
    }

    if (channel) {
      channel.onmessage = function (event) {
        var state = event.data;
        if (state.hello) return;
        var ran = endsAt !== null;
        halt();
        var moved = state.step !== step;
        if (moved) moveTo(state.step);
        left = state.left;
        shown = null;
        if (state.endsAt !== null) go(state.endsAt);
        else if (ran && !moved) status.textContent = "Paused.";
        show();
      };
      channel.postMessage({ hello: true });
    }
    if (full && document.documentElement.requestFullscreen) {
      full.hidden = false;
      full.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
    }
    show();
  }
})();
