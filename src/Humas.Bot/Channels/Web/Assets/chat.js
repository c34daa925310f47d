/*
 * Humas Bot web chat. The page keeps a signed visitor id (issued by POST /api/visitors) in localStorage,
 * loads the stored conversation, then follows it live over server-sent events. Messages are rendered as
 * text, never as markup. Every message has an id: the history, the answers to what the visitor sends and
 * the live stream may carry the same one, which updates what is shown in place.
 */
(function () {
  "use strict";
  var TEXTS = "__HUMAS_TEXTS__";
  var lang = document.documentElement.lang === "en" ? "en" : "id";
  var VISITOR_KEY = "humas-visitor:" + location.origin;
  var log = document.getElementById("log");
  var notice = document.getElementById("notice");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var fileInput = document.getElementById("file");
  var shown = {};
  var lastId = 0;
  var visitor = null;
  var events = null;
  var root = document.scrollingElement || document.documentElement;
  var newer = document.getElementById("newer");
  var newerLabel = document.getElementById("newer-label");
  var newerSaid = document.getElementById("newer-said");

  // The page scrolls as a whole and the composer sticks to the bottom of the window, over whatever is behind it.
  // Scrolled to the very end, the composer is in its own place under the log and covers nothing; so a reader at
  // the end is kept there while the log grows (a message arrives, a picture loads and takes its height, a notice
  // wraps, the window shrinks), and a reader who scrolled up to read older messages is left where they are.
  var atEnd = true;
  var lastTop = 0;
  function toEnd() { root.scrollTop = root.scrollHeight; }
  function follow() { if (atEnd) toEnd(); }
  window.addEventListener("scroll", function () {
    // Only moving up leaves the end: the scroll event of a follow can come after the log grew again (a picture
    // loaded), and must not read that as the reader leaving. A few pixels of slack: zoomed pages scroll by fractions.
    var top = root.scrollTop;
    if (root.scrollHeight - top - root.clientHeight <= 8) atEnd = true;
    else if (top < lastTop) atEnd = false;
    lastTop = top;
    pointer();
  }, { passive: true });
  // Reopened, the chat shows its latest messages, not where the last visit was scrolled to.
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  window.addEventListener("resize", follow);
  // Called after layout and before the frame is drawn, so a covered button is never shown.
  if (window.ResizeObserver) new ResizeObserver(follow).observe(document.body);

  // A reader left up in the log is told that messages arrived below, by a button in the composer (so it covers
  // nothing the composer does not) that takes them there. Unseen are the messages that arrived while the reader
  // was not at the end, until their first line shows above the composer or the reader reaches the end.
  var unseen = [];
  // Actions whose answer is still on its way: the stream may draw that answer first, and the answer then brings
  // it into sight, so a pointer shown meanwhile would flash and be announced for nothing.
  var acting = 0;

  // Marked on the page too, so a style or a test can tell that an answer is still to come.
  function waiting(change) {
    acting += change;
    if (acting) document.body.setAttribute("data-waiting", "1"); else document.body.removeAttribute("data-waiting");
  }

  function inSight(li) { return li.getBoundingClientRect().top + 24 <= form.getBoundingClientRect().top; }

  function arrived(lis) {
    if (!atEnd) lis.forEach(function (li) { unseen.push(li); });
    pointer();
  }

  function pointer() {
    if (!unseen.length && newer.hidden) return;
    var first = unseen[0];
    unseen = atEnd ? [] : unseen.filter(function (li) { return li.parentNode === log && !inSight(li); });
    if (!unseen.length) {
      // A hidden button drops the focus to the start of the page; it goes to the messages it pointed to instead.
      if (document.activeElement === newer) {
        var to = first && first.parentNode === log ? first : log.lastElementChild;
        if (to) to.focus({ preventScroll: true });
      }
      newer.hidden = true;
      newerSaid.textContent = "";
      return;
    }
    if (newer.hidden && acting) return;
    newerLabel.textContent = t("web.chat.newer", unseen.length);
    // The log announces each message itself; the pointer is announced once when it appears, not at every count.
    if (newer.hidden) {
      newer.hidden = false;
      newerSaid.textContent = t("web.chat.newer.below");
    }
  }

  // To the first unseen message's start, or the end if what follows it fits the window (then followed again).
  newer.addEventListener("click", function () {
    var first = unseen[0];
    if (!first) return;
    first.focus({ preventScroll: true });
    unseen = [];
    pointer();
    var top = root.scrollTop + first.getBoundingClientRect().top - 8;
    if (top >= root.scrollHeight - root.clientHeight) {
      atEnd = true;
      toEnd();
    } else {
      root.scrollTop = top;
    }
  });

  function t(key, arg) {
    var s = (TEXTS[lang] || TEXTS.id)[key] || key;
    return arg === undefined ? s : s.replace("{0}", arg);
  }

  function say(message) { notice.textContent = message; }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function getVisitor(renew) {
    var token = null;
    try { token = localStorage.getItem(VISITOR_KEY); } catch (e) { token = visitor; }
    if (token && !renew) return Promise.resolve(token);
    return fetch("/api/visitors", { method: "POST" }).then(function (r) {
      if (!r.ok) throw r;
      return r.json();
    }).then(function (v) {
      try { localStorage.setItem(VISITOR_KEY, v.visitorId); } catch (e) { /* this page view only */ }
      return v.visitorId;
    });
  }

  // One request at a time, in the order the visitor acted: "/usulan" then the story must not arrive swapped.
  var queue = Promise.resolve();
  function api(method, path, body, isForm) {
    var run = queue.then(function () { return call(method, path, body, isForm); });
    queue = run.catch(function () { /* the caller handles it */ });
    return run;
  }

  function call(method, path, body, isForm) {
    var headers = { "X-Humas-Visitor": visitor };
    if (body !== undefined && !isForm) headers["Content-Type"] = "application/json";
    return fetch("/chat/api" + path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + lang, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : (isForm ? body : JSON.stringify(body))
    }).then(function (r) {
      if (r.status === 429) { say(t("web.chat.limited")); throw r; }
      if (!r.ok) throw r;
      return r.json();
    });
  }

  function same(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName && (a.nodeType !== 1 || a.className === b.className);
  }

  // Makes `old` look like `fresh`, keeping every node that is still there. Chromium fires no click when the
  // element a press went down on left the page before the press came up, so a redraw that replaced the
  // buttons under a held press would lose it. Clicks are handled on the log (see below), so a kept node
  // needs no new listener.
  function patch(old, fresh) {
    if (old.nodeType !== 1) {
      if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
      return;
    }
    var i;
    for (i = old.attributes.length - 1; i >= 0; i--) {
      if (!fresh.hasAttribute(old.attributes[i].name)) old.removeAttribute(old.attributes[i].name);
    }
    for (i = 0; i < fresh.attributes.length; i++) {
      var a = fresh.attributes[i];
      if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
    }
    var o = old.firstChild;
    var f = fresh.firstChild;
    while (f) {
      var next = f.nextSibling;
      var match = o;
      while (match && !same(match, f)) match = match.nextSibling;
      if (match) {
        // Old nodes before the match are gone from the message (an image removed, say).
        while (o !== match) { var gone = o; o = o.nextSibling; old.removeChild(gone); }
        patch(o, f);
        o = o.nextSibling;
      } else {
        old.insertBefore(f, o);
      }
      f = next;
    }
    while (o) { var rest = o; o = o.nextSibling; old.removeChild(rest); }
  }

  function renderButtons(rows) {
    var box = el("div", "buttons");
    rows.forEach(function (row) {
      var line = el("div");
      row.forEach(function (b) {
        var button = el("button", null, b.label);
        button.type = "button";
        button.setAttribute("data-action", b.action);
        line.appendChild(button);
      });
      box.appendChild(line);
    });
    return box;
  }

  function renderReactions(options, mine, questionId) {
    var box = el("div", "reactions");
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", questionId);
    options.forEach(function (o) {
      var b = el("button");
      b.type = "button";
      b.setAttribute("data-option", String(o.id));
      var emoji = el("span", null, o.emoji + " ");
      emoji.setAttribute("aria-hidden", "true");
      b.appendChild(emoji);
      b.appendChild(el("span", null, o.label));
      b.appendChild(el("span", "count", String(o.count)));
      b.setAttribute("aria-label", o.label + ", " + o.count);
      b.setAttribute("aria-pressed", mine === o.id ? "true" : "false");
      box.appendChild(b);
    });
    return box;
  }

  // Search answers and the latest list: numbered article links, each with its institution and date.
  function renderLinks(links) {
    var list = el("ol", "links");
    links.forEach(function (l) {
      var item = el("li");
      var a = el("a", null, l.title);
      if (/^https?:\/\//i.test(l.url)) a.href = l.url;
      a.target = "_blank";
      a.rel = "noopener";
      item.appendChild(a);
      item.appendChild(el("span", "detail", l.detail));
      list.appendChild(item);
    });
    return list;
  }

  function renderArticle(a, li) {
    li.classList.add("article");
    li.setAttribute("data-article", a.articleId);
    li.appendChild(el("span", "institution", a.institution));
    var h = el("h2");
    var link = el("a", null, a.title);
    link.href = a.url;
    link.target = "_blank";
    link.rel = "noopener";
    h.appendChild(link);
    li.appendChild(h);
    if (a.imageUrl) {
      var img = el("img");
      img.src = a.imageUrl;
      img.alt = "";
      img.loading = "lazy";
      li.appendChild(img);
    }
    if (a.summary) li.appendChild(el("p", null, a.summary));
    var question = el("p", "question", a.question);
    question.id = "q-" + li.getAttribute("data-id");
    li.appendChild(question);
    var stored = null;
    try { stored = Number(localStorage.getItem("humas-vote:" + location.origin + ":" + a.articleId)) || null; } catch (e) { /* none */ }
    li.appendChild(renderReactions(a.options, stored, question.id));
  }

  function render(envelope) {
    var existing = shown[envelope.id];
    if (envelope.deleted) {
      if (existing) existing.remove();
      delete shown[envelope.id];
      return null;
    }
    var m = envelope.message;
    var li = el("li", "msg " + (m.kind === "visitor" ? "visitor" : "bot"));
    li.setAttribute("data-id", String(envelope.id));
    // The pointer to new messages moves the focus to the first of them.
    li.setAttribute("tabindex", "-1");
    li.setAttribute("data-kind", m.kind);
    li.appendChild(el("span", "who", m.kind === "visitor" ? t("web.chat.you") : t("web.chat.bot")));
    if (m.article) {
      renderArticle(m.article, li);
    } else if (m.digest) {
      li.appendChild(el("strong", null, m.digest.title + (m.digest.partCount > 1 ? " (" + m.digest.part + "/" + m.digest.partCount + ")" : "")));
      var list = el("ol");
      m.digest.entries.forEach(function (e) {
        var item = el("li");
        var a = el("a", null, e.title);
        a.href = e.url;
        a.target = "_blank";
        a.rel = "noopener";
        item.appendChild(a);
        item.appendChild(el("span", null, " — " + e.institution));
        list.appendChild(item);
      });
      li.appendChild(list);
    } else {
      li.appendChild(el("div", "text", m.text));
    }
    if (m.links && m.links.length) li.appendChild(renderLinks(m.links));
    if (m.buttons && m.buttons.length) li.appendChild(renderButtons(m.buttons));
    if (existing) {
      // Updated in place, not replaced: a press held on it across the re-send still counts.
      patch(existing, li);
    } else {
      var after = null;
      for (var id in shown) if (Number(id) > envelope.id && (!after || Number(id) < Number(after.getAttribute("data-id")))) after = shown[id];
      log.insertBefore(li, after);
      shown[envelope.id] = li;
    }
    if (envelope.id > lastId) lastId = envelope.id;
    return existing ? null : li;
  }

  // What arrives by itself (history, the live stream) is followed only by a reader at the end.
  function renderAll(list) {
    var added = list.messages.map(render).filter(Boolean);
    follow();
    arrived(added);
  }

  // The answer to what the visitor just did is brought into sight wherever they were: they asked for it. New is
  // what has a higher id than anything shown when they acted (the stream may have drawn it already); a menu edited
  // in place is not new and moves nothing.
  function answer() {
    var since = lastId;
    waiting(1);
    return function (list) {
      waiting(-1);
      list.messages.forEach(function (m) {
        render(m);
        if (m.id > since && !m.deleted) atEnd = true;
      });
      follow();
      pointer();
    };
  }

  // An action that got no answer: what the stream drew meanwhile is pointed to after all.
  function unanswered() {
    waiting(-1);
    pointer();
  }

  function fail(e) {
    if (e && e.status === 429) return;
    if (e && e.status === 401) { visitor = null; start(true); return; }
    say(t("web.chat.error"));
  }

  function send(text) {
    say("");
    var answered = answer();
    return api("POST", "/send", { text: text }).then(answered, function (e) { unanswered(); fail(e); });
  }

  function press(action) {
    say("");
    var answered = answer();
    return api("POST", "/button", { action: action }).then(answered, function (e) { unanswered(); fail(e); });
  }

  function react(card, optionId) {
    var articleId = card.getAttribute("data-article");
    api("POST", "/react", { articleId: articleId, optionId: optionId }).then(function (data) {
      var mine = data.yourOptionId || null;
      try {
        var key = "humas-vote:" + location.origin + ":" + articleId;
        if (mine) localStorage.setItem(key, String(mine)); else localStorage.removeItem(key);
      } catch (e) { /* none */ }
      // Patched, so the buttons (and the keyboard focus on one) stay.
      var box = card.querySelector(".reactions");
      if (box) patch(box, renderReactions(data.options, mine, box.getAttribute("aria-labelledby")));
      var chosen = data.options.filter(function (o) { return o.id === mine; })[0];
      say(chosen ? t("web.widget.chosen", chosen.label) : t("feedback.withdrawn"));
    }, fail);
  }

  function upload(file) {
    say(t("web.chat.uploading", file.name));
    var body = new FormData();
    body.append("file", file, file.name);
    var answered = answer();
    return api("POST", "/upload", body, true).then(function (list) { say(""); answered(list); }, function (e) {
      unanswered();
      if (e && e.status === 413) say(t("web.chat.toolarge", fileInput.getAttribute("data-max-mb") || ""));
      else if (e && e.status === 415) say(t("web.chat.badtype"));
      else fail(e);
    });
  }

  function listen() {
    if (events) events.close();
    // The token travels in the HttpOnly cookie the history request set (never in a URL, which logs keep).
    events = new EventSource("/chat/api/events?after=" + lastId);
    events.onmessage = function (e) {
      var li = render(JSON.parse(e.data));
      follow();
      arrived(li ? [li] : []);
    };
    events.onopen = function () { if (notice.textContent === t("web.chat.offline")) say(""); };
    events.onerror = function () { if (events.readyState !== EventSource.OPEN) say(t("web.chat.offline")); };
  }

  function start(renew) {
    getVisitor(renew).then(function (token) {
      visitor = token;
      return api("GET", "/messages");
    }).then(function (list) {
      renderAll(list);
      listen();
      document.body.setAttribute("data-ready", "1");
    }).catch(function (e) {
      if (e && e.status === 401 && !renew) { start(true); return; }
      say(t("web.chat.error"));
    });
  }

  // One listener for every button in the log: what a button does is in its attributes, which a patch keeps current.
  log.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button") : null;
    if (!button || !log.contains(button)) return;
    var action = button.getAttribute("data-action");
    var option = button.getAttribute("data-option");
    var card = button.closest("li[data-article]");
    if (action !== null) press(action);
    else if (option !== null && card) react(card, Number(option));
  });
  // The browser scrolls a control the keyboard reaches into the window, not clear of the composer over it. Moved
  // on after the browser's own scroll (which follows the focus event) and before the frame is drawn; not for a
  // mouse press, whose button must stay under the pointer until it comes up.
  log.addEventListener("focusin", function (e) {
    var target = e.target;
    requestAnimationFrame(function () {
      var keyboard = true;
      try { keyboard = target.matches(":focus-visible"); } catch (x) { /* an older browser: assume so */ }
      if (document.activeElement !== target || !keyboard) return;
      var r = target.getBoundingClientRect();
      var cover = form.getBoundingClientRect().top;
      if (r.bottom > cover) root.scrollTop += Math.min(r.bottom - cover + 8, r.top - 8);
    });
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  fileInput.addEventListener("change", function () {
    if (fileInput.files.length) upload(fileInput.files[0]).then(function () { fileInput.value = ""; });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-command]"), function (b) {
    b.addEventListener("click", function () { send(b.getAttribute("data-command")); });
  });
  document.getElementById("switch-lang").addEventListener("click", function (e) {
    e.preventDefault();
    location.search = "?lang=" + (lang === "en" ? "id" : "en");
  });

  start(false);
})();
