// Buurtbord's own script: drag and drop with Sortable, placing moved cards, announcements.
// Every action also works as a plain form; this file only makes it smoother.
(function () {
  "use strict";

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region || !message) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  var movedByForm = null;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // Put a card where the server says it is (after a drag, or a move through the form).
  function placeCard(detail) {
    var card = document.getElementById(detail.card);
    var list = document.getElementById(detail.column + "-cards");
    if (!card || !list) return;
    var others = Array.prototype.filter.call(list.children, function (el) { return el !== card; });
    var before = others[detail.position] || null;
    if (card.parentNode !== list || card.nextElementSibling !== before) {
      list.insertBefore(card, before);
    }
    var summary = card.querySelector("details.move summary");
    if (detail.card === movedByForm && summary) {
      summary.focus();
    }
    movedByForm = null;
    announce(detail.message);
  }

  function initSortable(root) {
    if (typeof Sortable === "undefined") return;
    var board = root.querySelector('.board[data-sortable="true"]');
    if (!board) return;
    board.querySelectorAll("ol.cards").forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        group: "cards",
        animation: 150,
        delay: 200,
        delayOnTouchOnly: true,
        filter: "details, summary, select, input, button",
        preventOnFilter: false,
        onEnd: function (event) {
          var card = event.item;
          if (event.from === event.to && event.oldIndex === event.newIndex) return;
          htmx.ajax("POST", card.dataset.moveUrl, {
            source: card,
            target: card,
            swap: "outerHTML",
            headers: { "X-CSRFToken": csrfToken() },
            values: {
              column_id: event.to.dataset.columnId,
              position: String(event.newIndex),
              version: card.dataset.version,
            },
          });
        },
      });
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

  document.addEventListener("DOMContentLoaded", function () {
    initSortable(document);
    initCopyButtons(document);
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

  document.addEventListener("card-placed", function (event) {
    placeCard(event.detail);
  });

  document.addEventListener("announce", function (event) {
    announce(event.detail.message);
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
