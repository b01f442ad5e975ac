// Muster's only script. Every page works without it; with it, forms post in
// place, countdowns tick, and the incident room follows the log live over
// Server-Sent Events, resuming from the last entry it saw after a drop.
"use strict";
(function () {
  document.documentElement.classList.add("js");

  var main = document.getElementById("main");
  var serverNow = main && main.dataset.now ? Date.parse(main.dataset.now) : NaN;
  // The server's clock decides what is overdue; follow it, not the laptop's.
  var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
  function now() { return Date.now() + skew; }

  // ---- messages ---------------------------------------------------------
  var flashTimer = null;
  function say(kind, message) {
    var area = document.getElementById("flash");
    if (!area) return;
    var p = document.createElement("p");
    p.className = "flash flash-" + kind;
    p.textContent = message;
    area.replaceChildren(p);
    area.setAttribute("role", kind === "error" ? "alert" : "status");
    clearTimeout(flashTimer);
    if (kind === "ok") flashTimer = setTimeout(function () { p.classList.add("fade"); }, 6000);
  }

  // A message the server rendered with the page fades like the others; and
  // any message gets out of the way of the field being typed in.
  (function () {
    var p = document.querySelector("#flash .flash");
    if (p && p.classList.contains("flash-ok")) flashTimer = setTimeout(function () { p.classList.add("fade"); }, 6000);
  })();
  document.addEventListener("focusin", function (e) {
    var p = document.querySelector("#flash .flash:not(.fade)");
    var t = e.target;
    if (!p || !t || !/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    var a = p.getBoundingClientRect(), b = t.getBoundingClientRect();
    var overlaps = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    if (overlaps || p.classList.contains("flash-ok")) p.classList.add("fade");
  });

  // ---- the log's times, in the viewer's time zone -------------------------
  // The server writes UTC (and exports keep it); the title keeps UTC on hover.
  function localTimes(root) {
    (root || document).querySelectorAll(".timeline time[datetime]").forEach(function (el) {
      if (el.dataset.local) return;
      var at = new Date(el.getAttribute("datetime"));
      if (isNaN(at)) return;
      var today = new Date(now()).toDateString() === at.toDateString();
      var hm = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      el.textContent = today ? hm : at.toLocaleDateString() + " " + hm;
      el.title = el.getAttribute("datetime") + " UTC";
      el.dataset.local = "1";
    });
  }
  localTimes();

  // ---- countdowns -------------------------------------------------------
  function human(secs) {
    if (secs < 60) return secs + " s";
    if (secs < 3600) return Math.floor(secs / 60) + " min";
    if (secs < 48 * 3600) {
      var m = Math.floor((secs % 3600) / 60);
      return Math.floor(secs / 3600) + " h " + (m < 10 ? "0" : "") + m + " min";
    }
    return Math.floor(secs / 86400) + " days";
  }
  function tick() {
    var t = now();
    var crossed = false;
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var at = Date.parse(el.dataset.deadline);
      if (isNaN(at)) return;
      var secs = Math.round((at - t) / 1000);
      var late = secs < 0;
      if (late && !el.classList.contains("is-overdue")) crossed = true;
      el.textContent = late ? "OVERDUE by " + human(-secs) : "in " + human(secs);
      el.classList.toggle("is-overdue", late);
      el.classList.toggle("is-soon", !late && secs < 300);
      var action = el.closest(".action");
      if (action) action.classList.toggle("is-overdue", late);
    });
    // A deadline just passed: let the server redraw the warnings about it.
    if (crossed) soon();
  }
  tick();
  setInterval(tick, 1000);

  // ---- forms in place ---------------------------------------------------
  function isDirty(root) {
    var fields = root.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit") continue;
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
      } else if (f.tagName === "SELECT") {
        // With no option marked selected, the browser shows the first one.
        var initial = 0;
        for (var j = 0; j < f.options.length; j++) {
          if (f.options[j].defaultSelected) { initial = j; break; }
        }
        if (f.options.length && f.selectedIndex !== initial) return true;
      } else if (f.value !== f.defaultValue) {
        return true;
      }
    }
    return false;
  }

  // A refusal that names a field is shown beside that input, which keeps
  // what was typed. The API names the command's field; a few of the room's
  // inputs carry it as minutes from now instead.
  var formField = { report_back_at: "report_back_in", first_at: "first_in", next_decision_at: "next_decision_in" };
  function clearFieldErrors(form) {
    form.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
  }
  function besideField(form, field, message) {
    clearFieldErrors(form);
    if (!field) return;
    var name = formField[field] || field.replace(/\[\d+\]/g, "").replace(/^.*\./, "");
    var input = form.querySelector('[name="' + name + '"]:not([type=hidden])');
    if (!input) return;
    var p = document.createElement("p");
    p.className = "field-error";
    p.id = (input.id || name) + "-error";
    p.textContent = message;
    input.insertAdjacentElement("afterend", p);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", p.id);
    input.focus();
  }

  // "/" anywhere but in a field goes to the secretariat's "log a line" box.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("note-text");
    if (!box) return;
    e.preventDefault();
    box.focus();
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-enhance") || !window.fetch) return;
    e.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    var body = new URLSearchParams(new FormData(form, e.submitter || null));
    // Not form.action: a form with an input named "action" (the action
    // update form) shadows that property with the input element.
    fetch(form.getAttribute("action") || location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Muster-Fetch": "1" }
    }).then(function (r) {
      return r.json().catch(function () { return { ok: false, message: "The server answered " + r.status + "." }; });
    }).then(function (out) {
      delete form.dataset.busy;
      if (out.ok) {
        clearFieldErrors(form);
        say("ok", out.message);
        // A list that shows what the form recorded, as it is recorded.
        var into = form.getAttribute("data-append-to");
        var list = into && document.getElementById(into);
        if (list) {
          var li = document.createElement("li");
          li.textContent = out.message.replace(/^Logged: /, "");
          list.appendChild(li);
          var none = document.getElementById("no-decisions");
          if (none) none.remove();
        }
        var keep = form.hasAttribute("data-keep-focus") ? document.activeElement : null;
        form.reset();
        var details = form.closest("details.add");
        if (details && !keep) details.open = false;
        if (keep && form.contains(keep)) keep.focus();
        if (out.redirect && new URL(out.redirect, location.href).pathname !== location.pathname) {
          location.href = out.redirect;
          return;
        }
        applyStale();
        refresh();
      } else {
        say("error", out.message);
        besideField(form, out.field, out.message);
        if (out.redirect) location.href = out.redirect;
      }
    }).catch(function () {
      delete form.dataset.busy;
      say("error", "Could not reach the server; nothing was sent. Check the connection and try again.");
    });
  });

  document.addEventListener("change", function (e) {
    var form = e.target.form;
    if (form && form.hasAttribute("data-autosubmit") && e.target.value) form.requestSubmit();
  });

  // ---- the live room ----------------------------------------------------
  var room = document.querySelector(".room[data-live=on]");
  var status = document.getElementById("live-status");
  var reference = room && room.dataset.room;
  var rendered = room ? Number(room.dataset.headSeq) || 0 : 0;
  var stale = {};
  var inFlight = false, again = false;

  function setStatus(state, text) {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = text;
  }

  function openDetails(root) {
    var open = {};
    root.querySelectorAll("details[open] > summary").forEach(function (s) { open[s.textContent.trim()] = true; });
    return open;
  }

  function busy(region) {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active) &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.type !== "hidden") return true;
    return isDirty(region);
  }

  function swap(region, html) {
    var open = openDetails(region);
    region.innerHTML = html;
    region.querySelectorAll("details > summary").forEach(function (s) {
      if (open[s.textContent.trim()]) s.parentNode.open = true;
    });
  }

  function applyStale() {
    Object.keys(stale).forEach(function (name) {
      var region = document.querySelector('[data-region="' + name + '"]');
      if (region && !busy(region)) { swap(region, stale[name]); delete stale[name]; }
    });
  }
  document.addEventListener("focusout", function () { setTimeout(applyStale, 0); });

  function addRows(list) {
    var target = document.getElementById("timeline-rows");
    if (!target || !list) return;
    var rows = Array.prototype.slice.call(list.children).reverse(); // oldest first
    rows.forEach(function (li) {
      var seq = Number(li.dataset.seq);
      if (!(seq > 0) || target.querySelector('[data-seq="' + seq + '"]')) return;
      li.classList.add("new");
      target.insertBefore(document.importNode(li, true), target.firstChild);
    });
    while (target.children.length > 400) target.removeChild(target.lastChild);
    localTimes(target);
  }

  function refresh() {
    if (!room) return;
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch("/incidents/" + encodeURIComponent(reference) + "/fragments?after=" + rendered, {
      credentials: "same-origin",
      headers: { "X-Muster-Fetch": "1" }
    }).then(function (r) {
      if (r.status === 404) throw new Error("gone");
      if (!r.ok) throw new Error("status " + r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var frag = doc.getElementById("fragments");
      if (!frag) return;
      frag.querySelectorAll("[data-region]").forEach(function (part) {
        var name = part.dataset.region;
        if (name === "timeline-rows") { addRows(part); return; }
        var region = document.querySelector('[data-region="' + name + '"]');
        if (!region) return;
        if (busy(region)) stale[name] = part.innerHTML;
        else { delete stale[name]; swap(region, part.innerHTML); }
      });
      var last = Number(frag.dataset.lastSeq);
      if (last > rendered) rendered = last;
      if (frag.dataset.more === "yes") again = true;
      tick();
    }).catch(function (err) {
      if (String(err.message) === "gone") setStatus("closed", "You no longer have access to this incident.");
    }).then(function () {
      inFlight = false;
      if (again) { again = false; refresh(); }
    });
  }

  var scheduled = null;
  function soon() {
    if (scheduled) return;
    scheduled = setTimeout(function () { scheduled = null; refresh(); }, 40);
  }

  var source = null;
  function connect(after) {
    if (!window.EventSource) { setStatus("off", "Live updates are not supported here; reload to refresh."); return; }
    source = new EventSource("/incidents/" + encodeURIComponent(reference) + "/live?after=" + after);
    // The stream replays every entry after the one asked for (or after
    // Last-Event-ID when the browser reconnects), so nothing is missed.
    source.onopen = function () { setStatus("open", "Live"); };
    source.addEventListener("entry", function (ev) {
      var seq = Number(ev.lastEventId);
      if (seq > rendered) soon();
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        setStatus("reconnecting", "Connection lost; reconnecting…");
        source = null;
        setTimeout(function () { connect(rendered); }, 3000);
      } else {
        // The browser retries by itself, sending Last-Event-ID.
        setStatus("reconnecting", "Connection lost; reconnecting…");
      }
    };
  }
  if (room) {
    setStatus("connecting", "Connecting…");
    connect(rendered);
  }

  // ---- the live dashboard -----------------------------------------------
  // The feed says only "changed"; the page fetches itself and swaps in the
  // fresh lists, so the dashboard has one renderer, the server's.
  var dash = document.querySelector(".dash[data-live=on]");
  var dashStatus = document.getElementById("dash-live");
  function dashSay(state, text) {
    if (!dashStatus) return;
    dashStatus.dataset.state = state;
    dashStatus.textContent = text;
  }
  var dashBusy = false, dashAgain = false;
  function reloadDash() {
    if (dashBusy) { dashAgain = true; return; }
    dashBusy = true;
    fetch(location.pathname + location.search, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".dash");
      if (fresh) {
        dash.innerHTML = fresh.innerHTML;
        dash.dataset.reports = fresh.dataset.reports;
        dash.dataset.refreshed = String(Number(dash.dataset.refreshed || 0) + 1);
        tick();
      }
    }).catch(function () {}).then(function () {
      dashBusy = false;
      if (dashAgain) { dashAgain = false; reloadDash(); }
    });
  }
  if (dash && window.EventSource) {
    var dashTimer = null;
    var dashSource = new EventSource("/dashboard/live?reports=" + encodeURIComponent(dash.dataset.reports || ""));
    dashSource.onopen = function () { dashSay("open", "Live"); };
    dashSource.onerror = function () { dashSay("reconnecting", "Connection lost; reconnecting…"); };
    dashSource.addEventListener("changed", function () {
      if (dashTimer) return;
      dashTimer = setTimeout(function () { dashTimer = null; reloadDash(); }, 150);
    });
  }
})();
