/*
 * Humas Bot reactions widget. Embed with either
 *   <div data-humas-url="https://www.kemensos.go.id/berita/..."></div>   (the article's address; empty: this page's
 *                                                                          <link rel="canonical">, else its address)
 *   <div data-humas-article="{article id}"></div>
 * and <script src="https://bot.example.go.id/widget/reactions.js" async></script>.
 * Optional on the div: data-humas-lang="en" (default: the page's <html lang>, else Indonesian).
 * No dependencies; counts come from and go to the same API Telegram and Teams votes are counted by, and follow
 * everyone's votes live (server-sent events) while the page is visible.
 */
(function () {
  "use strict";
  var TEXTS = "__HUMAS_TEXTS__";
  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var VISITOR_KEY = "humas-visitor:" + base;
  var memory = {};

  function store(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) {
      // Storage blocked (private mode, third-party rules): keep it for this page view only.
      if (value === undefined) return memory[key] || null;
      if (value === null) delete memory[key]; else memory[key] = value;
    }
    return null;
  }

  function text(lang, key, arg) {
    var t = (TEXTS[lang] || TEXTS.id)[key] || key;
    return arg === undefined ? t : t.replace("{0}", arg);
  }

  function languageOf(el) {
    var lang = el.getAttribute("data-humas-lang") || document.documentElement.lang || "id";
    return lang.toLowerCase().indexOf("en") === 0 ? "en" : "id";
  }

  function request(method, path, body, visitor) {
    var headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (visitor) headers["X-Humas-Visitor"] = visitor;
    return fetch(base + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      mode: "cors",
      // The visitor id's same-site cookie (VisitorCookie) travels with it; the browser sends it only from this site.
      credentials: "include"
    });
  }

  var pendingVisitor = null;
  function visitor(renew) {
    var token = store(VISITOR_KEY);
    if (token && !renew) return Promise.resolve(token);
    if (!pendingVisitor) {
      pendingVisitor = request("POST", "/api/visitors").then(function (r) {
        if (!r.ok) throw r;
        return r.json();
      }).then(function (v) {
        store(VISITOR_KEY, v.visitorId);
        pendingVisitor = null;
        return v.visitorId;
      }, function (e) { pendingVisitor = null; throw e; });
    }
    return pendingVisitor;
  }

  // The styles are a file beside this script (reactions.css), linked rather than written into a <style>: a page whose
  // own Content-Security-Policy forbids inline styles (style-src without 'unsafe-inline') would block those. Such a
  // page lists this service's origin in its style-src, as it does in script-src for the script.
  var STYLES = script && script.src ? new URL("reactions.css", script.src).href : base + "/widget/reactions.css";
  function linkStyles() {
    if (document.getElementById("humas-rx-styles")) return;
    var link = document.createElement("link");
    link.id = "humas-rx-styles";
    link.rel = "stylesheet";
    link.href = STYLES;
    document.head.appendChild(link);
  }

  // The address a data-humas-url without a value stands for: the page's canonical link, else the page itself.
  function pageAddress() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical && canonical.href ? canonical.href : location.href.split("#")[0];
  }

  function mount(el) {
    if (el.getAttribute("data-humas-ready")) return;
    el.setAttribute("data-humas-ready", "1");
    // Linked while the counts are asked for, so it is in by the time the block is shown.
    linkStyles();
    var lang = languageOf(el);
    var byId = el.getAttribute("data-humas-article");
    var first = byId
      ? request("GET", "/api/articles/" + encodeURIComponent(byId) + "/reactions?lang=" + lang)
      : request("GET", "/api/reactions?url=" + encodeURIComponent(el.getAttribute("data-humas-url") || pageAddress()) + "&lang=" + lang);
    asking++;
    first.then(function (r) {
      if (!r.ok) throw r;
      return r.json();
    }).then(function (data) {
      // Taken off the page while its counts were on their way: mounted afresh if it comes back.
      if (!el.isConnected) { el.removeAttribute("data-humas-ready"); return; }
      show(el, data.articleId, lang, data);
    }).catch(function () {
      // Unknown article or the service is down: show nothing rather than a broken block.
    }).then(function () {
      asking--;
      follow();
    });
  }

  // Blocks of one article on this page are one reader's: they share the stored choice, so they share the choice
  // wanted and the one request at a time that carries it, and every block shows what any of them was pressed for.
  var articles = {};
  var blocks = 0;
  var viewOf = new WeakMap(); // a block's element -> its view, kept while it is off the page so it can come back

  function articleFor(articleId) {
    if (!articles[articleId]) {
      // wanted: the option the reader's presses ask for (null: none) while a vote is being sent, else undefined.
      // Presses made meanwhile change only this; one request at a time carries it, so the last press wins and none race.
      // active: the block pressed last, whose language the votes are sent in and whose status alone is announced.
      articles[articleId] = { id: articleId, voteKey: "humas-vote:" + base + ":" + articleId, views: [], wanted: undefined, active: null };
    }
    return articles[articleId];
  }

  function held(article) { return Number(store(article.voteKey)) || null; }

  function mark(article, mine) {
    article.views.forEach(function (view) {
      Object.keys(view.buttons).forEach(function (id) {
        view.buttons[id].button.setAttribute("aria-pressed", Number(id) === mine ? "true" : "false");
      });
    });
  }

  // Draws the counts in `views`; `lang` is the language the answer's labels are in, which a block in the other one
  // does not take. Every block of the article is marked.
  function render(article, views, data, lang) {
    // What a block put back on the page is drawn with until the stream's next event (no reader's choice in it).
    article.last = { data: { options: data.options, total: data.total }, lang: lang };
    var mine = data.withdrawn ? null : data.yourOptionId !== undefined ? data.yourOptionId : held(article);
    if (data.yourOptionId !== undefined || data.withdrawn) store(article.voteKey, mine ? String(mine) : null);
    views.forEach(function (view) {
      data.options.forEach(function (o) {
        var parts = view.buttons[o.id];
        if (!parts) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.setAttribute("data-option", String(o.id));
          button.addEventListener("click", function () { choose(article, view, o.id); });
          parts = { button: button, emoji: document.createElement("span"), label: document.createElement("span"), count: document.createElement("span") };
          parts.emoji.setAttribute("aria-hidden", "true");
          parts.count.className = "humas-rx-count";
          button.appendChild(parts.emoji);
          button.appendChild(parts.label);
          button.appendChild(parts.count);
          li.appendChild(button);
          view.list.appendChild(li);
          view.buttons[o.id] = parts;
        }
        // Updated in place, never replaced: Chromium fires no click when the element a press went down on left the
        // page before the press came up, so a live update redrawing the buttons mid-press would lose the vote.
        if (lang === view.lang) {
          parts.emoji.textContent = o.emoji + " ";
          parts.label.textContent = o.label;
        }
        parts.count.textContent = String(o.count);
        parts.button.setAttribute("aria-label", parts.label.textContent + ", " + o.count);
      });
      view.section.setAttribute("data-total", String(data.total));
    });
    // While votes are on their way the buttons keep showing what the reader asked for, not the answer to an
    // earlier press or a live update that has not seen the latest one yet.
    mark(article, article.wanted !== undefined ? article.wanted : mine);
    return mine;
  }

  function choose(article, view, optionId) {
    // A press toggles what the reader asked for last, which is what the server will hold once the votes on their
    // way are in: pressing the option just chosen, even before its vote is counted, withdraws it.
    var current = article.wanted !== undefined ? article.wanted : held(article);
    var sending = article.wanted !== undefined;
    article.wanted = current === optionId ? null : optionId;
    article.active = view;
    // The other blocks' statuses show the same outcome without saying it a second time.
    article.views.forEach(function (v) { v.status.setAttribute("aria-live", v === view ? "polite" : "off"); });
    mark(article, article.wanted);
    if (!sending) {
      article.views.forEach(function (v) { v.section.setAttribute("aria-busy", "true"); });
      next(article);
    }
  }

  // `message` gives each block its status in its own language.
  function done(article, message) {
    article.wanted = undefined;
    mark(article, held(article));
    article.views.forEach(function (v) {
      v.section.removeAttribute("aria-busy");
      v.status.textContent = message(v);
    });
  }

  // Sends the reader's latest wish, then looks again when the answer is in: presses made meanwhile may want more.
  function next(article) {
    var optionId = article.wanted;
    var lang = article.active.lang;
    var path = "/api/articles/" + encodeURIComponent(article.id) + "/reactions?lang=" + lang;
    var send = function (token) {
      return optionId === null
        ? request("DELETE", path, undefined, token)
        : request("POST", path, { optionId: optionId }, token);
    };
    // A fresh id may not vote for a few seconds (Retry-After); wait that long once and send again.
    var later = function (r) {
      var wait = r.status === 429 ? Number(r.headers.get("Retry-After")) : 0;
      return wait > 0 && wait <= 10
        ? new Promise(function (go) { setTimeout(go, wait * 1000); }).then(function () { return visitor(false).then(send); })
        : r;
    };
    visitor(false).then(function (token) {
      return send(token).then(function (r) {
        // A visitor id this server no longer accepts (expired, key changed): get a new one and try once more.
        return r.status === 401 ? visitor(true).then(send) : r;
      }).then(later);
    }).then(function (r) {
      if (r.status === 429) { done(article, function (v) { return text(v.lang, "web.widget.limited"); }); return; }
      if (!r.ok) throw r;
      return r.json().then(function (data) {
        if (optionId === null) data.withdrawn = true;
        var mine = render(article, article.views, data, lang);
        // Only an answer that took this request's wish goes on to the next; any other would send the same again.
        if (mine === optionId && article.wanted !== mine) { next(article); return; }
        done(article, function (v) {
          var chosen = mine !== null && v.buttons[mine];
          return (chosen ? text(v.lang, "web.widget.chosen", chosen.label.textContent) : text(v.lang, "feedback.withdrawn")) +
            " " + text(v.lang, "web.widget.total", data.total);
        });
      });
    }).catch(function () {
      done(article, function (v) { return text(v.lang, "web.widget.error"); });
    });
  }

  function show(el, articleId, lang, data) {
    var article = articleFor(articleId);
    el.setAttribute("data-humas-article-id", articleId);

    var section = document.createElement("section");
    section.className = "humas-rx";
    // Ids stay unique with several blocks of one article on the page.
    var headingId = "humas-rx-" + articleId + (article.views.length ? "-" + (++blocks) : "");
    section.setAttribute("aria-labelledby", headingId);
    var heading = document.createElement("h2");
    heading.id = headingId;
    heading.textContent = text(lang, "feedback.question");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.className = "humas-rx-status";
    section.appendChild(heading);
    section.appendChild(list);
    section.appendChild(status);
    el.appendChild(section);

    var view = { el: el, articleId: articleId, lang: lang, section: section, list: list, status: status, buttons: {} };
    viewOf.set(el, view);
    article.views.push(view);
    if (article.wanted !== undefined) section.setAttribute("aria-busy", "true");

    // The visitor id is asked for when the block appears, so it is old enough to vote by the first press.
    visitor(false).catch(function () { /* asked again on the first press */ });
    render(article, [view], data, lang);
    status.textContent = text(lang, "web.widget.total", data.total);
    if (liveLang === null) liveLang = lang;
  }

  // Everyone's votes, live: one event stream for all the articles on the page while it is visible, closed while it is
  // hidden. One, not one per block: over HTTP/1.1 a browser opens about six connections to an origin, so a listing
  // page with a stream per article would leave the rest of its blocks, and the readers' votes, waiting behind them.
  // It opens once every block has its first counts, and again with the new set when the page's articles change.
  var MAX_PER_STREAM = 50; // the service's bound on the ids of one stream; a page with more opens one per 50
  var live = null; // { key: the ids followed, sources: [EventSource] }
  var liveLang = null; // the first block's: labels in it are redrawn, blocks in the other language keep theirs
  var asking = 0; // blocks whose first counts are on their way

  function stopFollowing() {
    if (live) live.sources.forEach(function (source) { source.close(); });
    live = null;
  }

  function follow() {
    if (asking > 0 || !window.EventSource || document.visibilityState === "hidden") return;
    var ids = Object.keys(articles).sort();
    var key = ids.join(",");
    if (!ids.length) { stopFollowing(); return; }
    if (live && live.key === key) return;
    stopFollowing();
    var current = live = { key: key, sources: [] };
    for (var i = 0; i < ids.length; i += MAX_PER_STREAM) {
      var source = new EventSource(base + "/api/reactions/events?ids=" + ids.slice(i, i + MAX_PER_STREAM).map(encodeURIComponent).join(",") + "&lang=" + liveLang);
      source.addEventListener("reactions", function (e) {
        try {
          var data = JSON.parse(e.data);
          var article = articles[data.articleId];
          if (article) render(article, article.views, data, liveLang);
        } catch (err) { /* a malformed event changes nothing */ }
      });
      source.onerror = function (e) {
        // Refused (limits, articles gone): stop, until the page's articles change or it is shown again; a dropped
        // connection is retried by the browser itself.
        if (e.target.readyState === EventSource.CLOSED && live === current) stopFollowing();
      };
      current.sources.push(source);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stopFollowing(); else follow();
  });

  // A press in another tab or window of this site changed the stored choice: shown here too, unless this page's own
  // votes are on their way (whose answer then stores and shows its own).
  window.addEventListener("storage", function (e) {
    Object.keys(articles).forEach(function (id) {
      var article = articles[id];
      if ((e.key === null || e.key === article.voteKey) && article.wanted === undefined) mark(article, held(article));
    });
  });

  // Blocks come and go after the script ran: a listing page loads more articles as it is scrolled, a single-page site
  // swaps its content. Only the nodes a change added or removed are looked at, never the whole document again.
  var BLOCK = "[data-humas-article], [data-humas-url]";

  // True when a block came back (the set of articles may have changed); a new block calls follow() itself.
  function add(el) {
    var view = viewOf.get(el);
    if (!view) { mount(el); return false; }
    // A block shown before and put back (moved, or a single-page site's view restored): followed again.
    var article = articleFor(view.articleId);
    if (article.views.indexOf(view) < 0) {
      article.views.push(view);
      if (article.last) render(article, [view], article.last.data, article.last.lang);
      return true;
    }
    return false;
  }

  function addAll(root) {
    var back = root.matches(BLOCK) && add(root);
    if (!root.firstElementChild) return back;
    var nodes = root.querySelectorAll(BLOCK);
    for (var i = 0; i < nodes.length; i++) back = add(nodes[i]) || back;
    return back;
  }

  // Blocks no longer on the page stop being followed; an article without blocks leaves the stream's set.
  function prune() {
    Object.keys(articles).forEach(function (id) {
      var article = articles[id];
      article.views = article.views.filter(function (v) { return v.el.isConnected; });
      if (!article.views.length) delete articles[id];
    });
  }

  function changed(records) {
    var removed = false, back = false;
    for (var i = 0; i < records.length; i++) {
      var nodes = records[i].removedNodes;
      for (var j = 0; j < nodes.length && !removed; j++) {
        var node = nodes[j];
        removed = node.nodeType === 1 && (node.hasAttribute("data-humas-ready") || !!node.querySelector("[data-humas-ready]"));
      }
    }
    // Added first: a page of new blocks counts in `asking` before the set is looked at, so a page swapping its
    // articles reopens the stream once, when the new blocks have their counts.
    for (i = 0; i < records.length; i++) {
      nodes = records[i].addedNodes;
      for (j = 0; j < nodes.length; j++) if (nodes[j].nodeType === 1 && nodes[j].isConnected) back = addAll(nodes[j]) || back;
    }
    if (removed) prune();
    if (removed || back) follow();
  }

  function mountAll() {
    if (window.MutationObserver) new MutationObserver(changed).observe(document.documentElement, { childList: true, subtree: true });
    addAll(document.documentElement);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
