// Buurtbord's own script: drag and drop with Sortable (loaded on demand), live updates, placing moved cards,
// the live intervision session and its clock, announcements. Every action also works as a plain form; this file only makes it smoother.
(function () {
  "use strict";

  var movedByForm = null;
  var dragging = false;

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region || !message) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function cardsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("card");
    });
  }

  // Put card into list at position (0-based among the list's cards). A position beyond the
  // cards already loaded in a long column is left for "Show more" to bring.
  function insertAt(list, card, position) {
    var others = cardsOf(list).filter(function (el) { return el !== card; });
    var more = list.querySelector(":scope > .more-cards");
    if (position >= others.length && more) {
      card.remove();
      return false;
    }
    var before = others[position] || more || null;
    if (card.parentNode !== list || card.nextElementSibling !== before) {
      list.insertBefore(card, before);
    }
    return true;
  }

  // After a move of ours: put the card where the server says it is.
  function placeCard(detail) {
    var card = document.getElementById(detail.card);
    var list = document.getElementById(detail.column + "-cards");
    if (!card || !list) return;
    insertAt(list, card, detail.position);
    var link = card.querySelector(".move-link");
    if (detail.card === movedByForm && link) link.focus();
    movedByForm = null;
    announce(detail.message);
    var notice = document.getElementById("board-notice");
    if (notice && detail.conflict) {
      var note = document.createElement("p");
      note.className = "flash flash--error";
      note.textContent = detail.message;
      notice.replaceChildren(note);
    }
  }

  // Someone else changed cards: swap in the ones that arrived, drop the ones that left.
  function applyChanges(detail) {
    var incoming = document.getElementById("incoming-cards");
    var changed = 0;
    (detail.removed || []).forEach(function (id) {
      var old = document.querySelector(".board #" + id);
      if (old) { old.remove(); changed += 1; }
    });
    (detail.placed || []).forEach(function (place) {
      var fresh = incoming && incoming.querySelector("#" + place.card);
      var list = document.getElementById(place.column + "-cards");
      if (!fresh) return;
      var old = document.querySelector(".board #" + place.card);
      if (!list) { fresh.remove(); return; }
      if (old && old.outerHTML === fresh.outerHTML && old.parentNode === list &&
          cardsOf(list).indexOf(old) === place.position) {
        fresh.remove();
        return;
      }
      var hadFocus = old && old.contains(document.activeElement);
      if (old) old.remove();
      changed += 1;
      if (insertAt(list, fresh, place.position)) {
        htmx.process(fresh);
        if (hadFocus) {
          var link = fresh.querySelector("a");
          if (link) link.focus();
        }
      }
    });
    if (incoming) incoming.textContent = "";
    var board = document.querySelector(".board[data-changes-url]");
    if (board && detail.version) board.dataset.version = detail.version;
    // Screen-reader users hear that cards changed under them; sighted people see it.
    if (board && changed) announce(board.dataset.changedMessage);
  }

  function poll(element, target) {
    if (document.hidden || dragging || !element.isConnected) return;
    var url = element.dataset.changesUrl;
    url += (url.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(element.dataset.version);
    htmx.ajax("GET", url, { source: element, target: target || element, swap: target ? "innerHTML" : "none" });
  }

  // On a narrow board, tabbing into another column brings that column into view (the snap of
  // the columns could otherwise leave the focused card off screen).
  document.addEventListener("focusin", function (event) {
    var column = event.target.closest && event.target.closest(".board .column");
    if (!column) return;
    var box = column.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth) {
      column.scrollIntoView({ block: "nearest", inline: "start" });
    }
  });

  // ---- the board's filters ------------------------------------------------------------------

  // The work-site list filters at once when chosen with the mouse or a tap; chosen with the
  // arrow keys, it waits until Enter or until the focus leaves it, so each arrow does not
  // load the board again.
  function initFilters() {
    var site = document.getElementById("filter-site");
    var form = site && site.form;
    if (!form) return;
    var byKeys = false;
    var pending = false;
    var filterNow = function () { pending = false; htmx.trigger(form, "filter-now"); };
    site.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && pending) { event.preventDefault(); filterNow(); return; }
      byKeys = /^(Arrow|Page|Home|End)/.test(event.key) || event.key.length === 1;
    });
    site.addEventListener("mousedown", function () { byKeys = false; });
    site.addEventListener("change", function () {
      if (byKeys) pending = true; else filterNow();
    });
    site.addEventListener("blur", function () { if (pending) filterNow(); });
    // On a phone the filters fold away while none is on.
    var fold = form.closest("details");
    if (fold && window.matchMedia("(max-width: 47.99rem)").matches && !form.closest(".board-header").querySelector(".badge")) {
      fold.open = false;
    }
  }

  // After filtering, say how many cards are shown.
  document.addEventListener("htmx:afterSettle", function (event) {
    // The event names the board that was replaced; the new one carries the message.
    if (!event.detail.target || event.detail.target.id !== "board-body") return;
    var body = document.getElementById("board-body");
    if (body && body.dataset.announce) announce(body.dataset.announce);
  });

  // ---- focus after a swap -------------------------------------------------------------------

  // When htmx replaces the part of the page that holds the focus (a support button, a ticked
  // step, the comment form), the focus goes back to the same control in the new part: the
  // element with the same id, or the field or button of the same form, or else the first
  // control of that part; never to the start of the page. The live session has its own rule.
  var kept = {};

  function describeFocus(target) {
    var active = document.activeElement;
    if (!target || !target.id || target.id === "session-live") return null;
    if (!active || active === document.body || !target.contains(active)) return null;
    var form = active.form || active.closest("form");
    return {
      target: target.id,
      id: active.id,
      action: form ? form.getAttribute("action") : null,
      name: active.getAttribute("name"),
      tag: active.tagName,
    };
  }

  function findAgain(before) {
    var part = document.getElementById(before.target);
    if (!part) return null;
    if (before.id && document.getElementById(before.id)) return document.getElementById(before.id);
    var forms = Array.prototype.filter.call(part.querySelectorAll("form"), function (form) {
      return form.getAttribute("action") === before.action;
    });
    var form = forms[0];
    if (form) {
      var same = before.name ? form.querySelector(before.tag + '[name="' + before.name + '"]') : null;
      return same || form.querySelector("button, [type=submit], textarea, input:not([type=hidden])");
    }
    return part.querySelector("a[href], button, textarea, input:not([type=hidden]), select");
  }

  // Kept per part of the page: answers for other parts (a poll of the card's notice, say) may
  // arrive in between and must not wipe it out.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var before = event.detail.shouldSwap ? describeFocus(event.detail.target) : null;
    if (before) kept[before.target] = before;
  });

  // A refused form (422) or a conflict (409): the focus goes to the first field to mend, or
  // to the message that says what is wrong.
  function focusFirstProblem(root) {
    if (!root) return false;
    var problem = root.querySelector('[aria-invalid="true"], .field--invalid input, .form-errors, .conflict');
    if (!problem) return false;
    if (!/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(problem.tagName)) problem.setAttribute("tabindex", "-1");
    problem.focus();
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstProblem(document.querySelector("main"));
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var id = event.detail.target && event.detail.target.id;
    var before = id ? kept[id] : null;
    if (id) delete kept[id];
    var xhr = event.detail.xhr;
    if (xhr && (xhr.status === 422 || xhr.status === 409)) {
      var part = event.detail.target && event.detail.target.id && document.getElementById(event.detail.target.id);
      if (focusFirstProblem(part || event.detail.target)) return;
    }
    var active = document.activeElement;
    if (!before || (active && active !== document.body)) return;
    var again = findAgain(before);
    if (again) again.focus();
  });

  // ---- the live intervision session -------------------------------------------------------

  // The live part of a session page; htmx puts a new one in its place after every change.
  function sessionLive() {
    return document.getElementById("session-live");
  }

  function pollSession() {
    var live = sessionLive();
    if (document.hidden || !live || !live.dataset.changesUrl) return;
    var url = live.dataset.changesUrl + "?since=" + encodeURIComponent(live.dataset.version);
    htmx.ajax("GET", url, { source: live, target: live, swap: "outerHTML" });
  }

  // What was typed but not saved yet, by the textarea's id (the one of the form being sent is
  // left out: it was saved).
  var typedBefore = null;
  var focusedBefore = null;
  var stepBefore = null;

  // What was sent from each note field, so a text already saved is not put back as if it
  // were still being typed (a poll may arrive while the save is on its way).
  var sentNotes = {};

  function sentFrom(form, text) {
    // Only a form being sent counts; a poll (sent by the live part itself) sends no text.
    if (!form || form.tagName !== "FORM" || !form.closest("#session-live")) return;
    form.querySelectorAll("textarea[id]").forEach(function (area) {
      if (text === null) delete sentNotes[area.id];
      else sentNotes[area.id] = area.value.trim();
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    sentFrom(event.detail.elt, "");
  });
  // Refused (422) or lost on the way: the text was not saved, so it counts as typed again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status < 200 || xhr.status >= 300) sentFrom(event.detail.elt, null);
  });

  function typedIn(live, sending) {
    var typed = {};
    live.querySelectorAll("textarea[id]").forEach(function (area) {
      var text = area.value.trim();
      if (!text || sentNotes[area.id] === text || (sending && sending.contains(area))) return;
      typed[area.id] = area.value;
    });
    return typed;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var live = sessionLive();
    if (!live || event.detail.target !== live || !event.detail.shouldSwap) return;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var polled = source === live;
    var typed = typedIn(live, polled ? null : source);
    var incoming = event.detail.serverResponse || "";
    var lost = Object.keys(typed).filter(function (id) {
      return incoming.indexOf('id="' + id + '"') < 0;
    });
    if (polled && lost.length) {
      // The facilitator moved on while someone was typing: keep their page, tell them.
      event.detail.shouldSwap = false;
      var behind = document.getElementById("session-behind");
      if (behind && behind.hidden) { behind.hidden = false; announce(behind.textContent); }
      return;
    }
    typedBefore = typed;
    var active = document.activeElement;
    focusedBefore = active && live.contains(active) ? (active.id || "session-live") : null;
    stepBefore = live.dataset.step;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var live = sessionLive();
    if (!live || event.detail.target.id !== "session-live" || typedBefore === null) return;
    Object.keys(typedBefore).forEach(function (id) {
      var area = document.getElementById(id);
      if (area && !area.value) area.value = typedBefore[id];
    });
    var behind = document.getElementById("session-behind");
    if (behind) behind.hidden = true;
    if (focusedBefore) {
      var again = focusedBefore !== "session-live" && document.getElementById(focusedBefore);
      var heading = live.querySelector("h2[tabindex='-1']");
      var target = again || heading;
      if (target) target.focus({ preventScroll: !!again });
    }
    if (stepBefore !== null && live.dataset.step !== stepBefore) announce(live.dataset.stepLabel);
    typedBefore = focusedBefore = stepBefore = null;
    startClock();
  });

  // The clock counts down from the server's figure; it only shows the time, it never moves
  // the session on. One warning a minute before the end, heard by screen readers too.
  var clock = null;
  var warned = {};

  function clockText(timer, seconds) {
    var shown = Math.abs(seconds);
    var time = Math.floor(shown / 60) + ":" + ("0" + (shown % 60)).slice(-2);
    var template = timer.dataset.paused === "1" ? timer.dataset.pausedText
      : seconds < 0 ? timer.dataset.over : timer.dataset.left;
    return template.replace("{time}", time);
  }

  function startClock() {
    if (clock) window.clearInterval(clock);
    clock = null;
    var timer = document.querySelector("#session-live .timer[data-remaining]");
    if (!timer) return;
    var from = Number(timer.dataset.remaining);
    var since = Date.now();
    var show = function () {
      var left = timer.dataset.paused === "1" ? from : from - Math.floor((Date.now() - since) / 1000);
      timer.textContent = clockText(timer, left);
      timer.classList.toggle("timer--over", timer.dataset.paused !== "1" && left <= 0);
      timer.classList.toggle("timer--warning", timer.dataset.paused !== "1" && left > 0 && left <= 60);
      if (timer.dataset.paused !== "1" && left > 0 && left <= 60 && !warned[timer.dataset.warnKey]) {
        warned[timer.dataset.warnKey] = true;
        announce(timer.dataset.warning);
      }
    };
    show();
    if (timer.dataset.paused !== "1") clock = window.setInterval(show, 1000);
  }

  function startPolling() {
    var board = document.querySelector(".board[data-changes-url]");
    var notice = document.getElementById("card-notice");
    var session = sessionLive();
    var tick = function () {
      // Filtering puts a new board in place of the old one: ask for the one there is now.
      var current = document.querySelector(".board[data-changes-url]");
      if (current) poll(current);
      if (notice) poll(notice, notice);
      if (session) pollSession();
    };
    if (!board && !notice && !session) return;
    var every = Number(document.body.dataset.pollMs) || 3000;
    var delay = every;
    var next = function () {
      window.setTimeout(function () { tick(); next(); }, delay);
    };
    // While the server cannot answer (a restart, a lost connection), ask less and less often,
    // up to once a minute; the first answer brings the usual pace back.
    var slowDown = function () { delay = Math.min(delay * 2, 60000); };
    document.addEventListener("htmx:responseError", function (event) {
      var status = event.detail.xhr.status;
      // Logged out (here or on another device): the page itself then leads to the login.
      if (status === 401) window.location.reload();
      if (status >= 500) slowDown();
    });
    document.addEventListener("htmx:sendError", slowDown);
    document.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) delay = every;
    });
    next();
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) tick();
    });
  }

  // The drag-and-drop library (15 KB) comes when a pointer first reaches the board, not with
  // the page: a mouse passes over the board before it drags, a finger touches it to scroll.
  // Until then, and without it, "Verplaats" moves a card.
  var sortableLoading = false;
  function loadSortableOnDemand(board) {
    if (sortableLoading || !board.dataset.sortableSrc) return;
    var load = function () {
      if (sortableLoading) return;
      sortableLoading = true;
      board.removeEventListener("pointerover", load);
      board.removeEventListener("touchstart", load);
      var script = document.createElement("script");
      script.src = board.dataset.sortableSrc;
      script.onload = function () { initSortable(document); };
      document.head.appendChild(script);
    };
    board.addEventListener("pointerover", load);
    board.addEventListener("touchstart", load, { passive: true });
  }

  function initSortable(root) {
    var board = root.querySelector('.board[data-sortable="true"]');
    if (!board) return;
    if (typeof Sortable === "undefined") {
      loadSortableOnDemand(board);
      return;
    }
    board.querySelectorAll("ol.cards").forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        group: "cards",
        draggable: ".card",
        animation: 150,
        delay: 200,
        delayOnTouchOnly: true,
        filter: ".move, .move-link, select, input, button",
        preventOnFilter: false,
        onStart: function () { dragging = true; },
        onEnd: function (event) {
          dragging = false;
          var card = event.item;
          if (event.from === event.to && event.oldDraggableIndex === event.newDraggableIndex) return;
          var moveLink = card.querySelector(".move-link");
          if (!moveLink) return;
          htmx.ajax("POST", moveLink.getAttribute("href"), {
            source: card,
            target: card,
            swap: "outerHTML",
            headers: { "X-CSRFToken": csrfToken() },
            values: {
              column_id: event.to.dataset.columnId,
              position: String(event.newDraggableIndex),
              version: card.dataset.version,
            },
          });
        },
      });
    });
  }

  // "Print the report": a button only where the browser can print (without JavaScript the
  // browser's own print command prints the same page).
  function initPrintButtons(root) {
    root.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function initCopyButtons(root) {
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = document.querySelector(button.dataset.copy);
        navigator.clipboard.writeText(input.value).then(function () {
          announce(button.dataset.copied);
          button.textContent = button.dataset.copied;
          button.classList.add("copied");
        });
      });
    });
  }

  // A ballot says how many dots are left while the member spreads them, gives each idea − and +
  // buttons (the number field stays, and works without JavaScript), and will not save more dots
  // than the member has (the server checks that too).
  function initBallot(form) {
    var left = form.querySelector(".ballot__left");
    var save = form.querySelector(".ballot__save");
    if (!left) return;
    var fields = form.querySelectorAll('input[type="number"]');
    var update = function () {
      var used = 0;
      fields.forEach(function (input) { used += Math.max(0, parseInt(input.value, 10) || 0); });
      var rest = Number(form.dataset.dots) - used;
      left.hidden = false;
      left.classList.toggle("ballot__left--over", rest < 0);
      left.textContent = (rest < 0 ? left.dataset.over : left.dataset.template).replace("%(num)s", String(Math.abs(rest)));
      if (save) save.disabled = rest < 0;
    };
    fields.forEach(function (input) {
      var step = function (by, label) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "ballot__step";
        button.textContent = by > 0 ? "+" : "−";
        button.setAttribute("aria-label", label);
        button.addEventListener("click", function () {
          var now = Math.max(0, parseInt(input.value, 10) || 0);
          var max = Number(input.max) || Infinity;
          input.value = String(Math.min(max, Math.max(0, now + by)));
          update();
        });
        return button;
      };
      var name = input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "";
      input.before(step(-1, form.dataset.less.replace("%(idea)s", name)));
      input.after(step(1, form.dataset.more.replace("%(idea)s", name)));
    });
    form.addEventListener("input", update);
    update();
  }

  // A new voting round's button says whether the round opens now or later.
  function initRoundButton() {
    var save = document.getElementById("round-save");
    var opens = document.getElementById("round-opens");
    if (!save || !opens) return;
    opens.addEventListener("input", function () {
      save.textContent = opens.value && opens.value > save.dataset.now ? save.dataset.laterLabel : save.dataset.nowLabel;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initRoundButton();
    document.querySelectorAll("form.ballot").forEach(initBallot);
    initSortable(document);
    initCopyButtons(document);
    initPrintButtons(document);
    initFilters();
    startPolling();
    startClock();
  });

  document.addEventListener("htmx:load", function (event) {
    if (event.target.id === "board-body") initSortable(event.target);
  });

  // Remember that a move came from the keyboard form, so focus follows the card.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form.move__form");
    var card = form && form.closest("li.card");
    if (card) movedByForm = card.id;
  });

  document.addEventListener("card-placed", function (event) { placeCard(event.detail); });
  document.addEventListener("board-changed", function (event) { applyChanges(event.detail); });
  // Our own change: a page that had seen everything before it has seen it too, so the next
  // poll does not bring it back as someone else's (an open move form would close).
  document.addEventListener("own-change", function (event) {
    var version = event.detail.version;
    var watching = [document.querySelector(".board[data-changes-url]"), document.getElementById("card-notice")];
    watching.forEach(function (element) {
      if (element && Number(element.dataset.version) === version - 1) element.dataset.version = String(version);
    });
  });
  document.addEventListener("card-changed", function (event) {
    var notice = document.getElementById("card-notice");
    if (notice && event.detail.version) notice.dataset.version = event.detail.version;
  });
  document.addEventListener("announce", function (event) { announce(event.detail.message); });

  // An opened move form takes the focus once htmx has wired it up; Escape closes it again.
  document.addEventListener("htmx:afterSettle", function (event) {
    var slot = event.detail.target;
    if (slot && slot.classList && slot.classList.contains("move")) {
      var select = slot.querySelector("select");
      if (select) select.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var slot = event.key === "Escape" && event.target.closest && event.target.closest(".card .move");
    if (slot && slot.firstElementChild) {
      var link = slot.parentNode.querySelector(".move-link");
      slot.textContent = "";
      if (link) link.focus();
    }
  });

  // After adding a card, empty the field and keep the cursor there for the next one.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form.add-card") && event.detail.successful) {
      form.reset();
      var input = form.querySelector('input[name="title"]');
      if (input) input.focus();
    }
  });
})();
