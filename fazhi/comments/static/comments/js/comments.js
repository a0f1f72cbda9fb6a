// 来顶一下 and comments on an otherwise identical page. Reads the live data (fazhi:live event);
// the CSRF token and sign-in state (the personal live data) are asked for only when the reader is
// about to write: a digg click, focus on the comment form (window.fazhiLive.personal()). Fetches
// the comment list and, on that focus, a captcha as JSON; posts forms with fetch. Everything a reader
// wrote is put in the page with textContent: never parsed as HTML.
(function () {
  "use strict";
  var section = document.querySelector("[data-comments]");
  var diggForm = document.querySelector("form[data-digg]");
  if (!section && !diggForm) return;
  var pageId = section ? section.getAttribute("data-page-id") : null;
  // A preview of a page never saved has no id yet: nothing live to show.
  if (section && !/^[0-9]+$/.test(pageId || "")) return;
  var form = section ? section.querySelector("form[data-comment-form]") : null;
  // writing: the reader focused the comment form (then the captcha is loaded)
  var state = { csrf: "", user: null, settings: {}, writing: false };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function post(url, body) {
    body.set("csrfmiddlewaretoken", state.csrf);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": state.csrf },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  // The personal live data (token, sign-in) before a write; rejects when it cannot be had.
  function personal() {
    if (state.csrf) return Promise.resolve();
    if (!window.fazhiLive) return Promise.reject(new Error("no live data"));
    return window.fazhiLive.personal().then(function () {
      if (!state.csrf) throw new Error("no token");
    });
  }

  function acted() {
    if (window.fazhiLive) window.fazhiLive.acted();
  }

  function setCount(key, value) {
    document.querySelectorAll("[data-live=" + key + "]").forEach(function (node) {
      node.textContent = String(value);
    });
  }

  // --- 来顶一下 ---
  if (diggForm) {
    diggForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var message = diggForm.querySelector("[data-digg-message]");
      personal().then(function () {
        return post(diggForm.action, new FormData(diggForm)).then(function (result) {
          if (result.data.digg_count !== undefined) setCount("digg_count", result.data.digg_count);
          if (message) message.textContent = result.data.message || "";
          acted();
        });
      }, function () {
        diggForm.submit(); // no live data: the plain form post still works
      });
    });
  }
  if (!form) return;

  // --- captcha ---
  var captchaImage = form.querySelector("[data-captcha]");
  var captchaKey = form.querySelector("[data-captcha-key]");
  function loadCaptcha() {
    form.querySelector("input[name=captcha_1]").value = "";
    fetch("/api/captcha/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        captchaKey.value = data.key;
        captchaImage.src = data.image_url;
        captchaImage.hidden = false;
      });
  }
  form.querySelector("[data-captcha-refresh]").addEventListener("click", loadCaptcha);

  // --- the list ---
  var list = section.querySelector("[data-comment-list]");
  var pager = section.querySelector("[data-comment-pages]");
  var parentInput = form.querySelector("[data-parent]");
  var replyTo = form.querySelector("[data-reply-to]");

  function reportForm(comment, holder) {
    var box = el("form", "comment__report");
    var id = "report-reason-" + comment.id;
    var label = el("label", "", "举报理由");
    label.setAttribute("for", id);
    var input = el("input");
    input.id = id;
    input.name = "reason";
    input.maxLength = 200;
    var send = el("button", "", "提交举报");
    send.type = "submit";
    var note = el("span", "comment__report-message");
    note.setAttribute("role", "status");
    box.append(label, input, send, note);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      post("/api/comments/" + comment.id + "/report/", new FormData(box)).then(function (result) {
        note.textContent = result.data.message || "举报未提交，请稍后再试。";
      });
    });
    holder.append(box);
    input.focus();
  }

  function renderComment(comment, isReply) {
    var item = el(isReply ? "div" : "article", isReply ? "comment comment--reply" : "comment");
    item.id = "comment-" + comment.id;
    var meta = el("p", "comment__meta");
    meta.append(el("span", "comment__author", comment.author), " ");
    var time = el("time", "", comment.created_display);
    time.setAttribute("datetime", comment.created_at);
    meta.append(time);
    item.append(meta, el("p", "comment__text", comment.text));
    var actions = el("p", "comment__actions");
    if (!isReply) {
      var reply = el("button", "button button--plain", "回复");
      reply.type = "button";
      reply.addEventListener("click", function () {
        parentInput.value = comment.id;
        replyTo.querySelector("[data-reply-name]").textContent = comment.author;
        replyTo.hidden = false;
        form.querySelector("textarea").focus();
      });
      actions.append(reply, " ");
    }
    var report = el("button", "button button--plain", "举报");
    report.type = "button";
    report.addEventListener("click", function () {
      report.disabled = true;
      reportForm(comment, item);
    });
    actions.append(report);
    item.append(actions);
    (comment.replies || []).forEach(function (r) { item.append(renderComment(r, true)); });
    return item;
  }

  function loadComments(number) {
    var url = "/api/pages/" + pageId + "/comments/?page=" + (number || 1);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        list.replaceChildren();
        data.comments.forEach(function (c) { list.append(renderComment(c, false)); });
        if (!data.comments.length) list.append(el("p", "comment-list__empty", "还没有评论，来说两句吧。"));
        setCount("comment_count", data.count);
        pager.replaceChildren();
        if (data.num_pages > 1) {
          for (var n = 1; n <= data.num_pages; n++) {
            var button = el("button", "button button--plain", String(n));
            button.type = "button";
            if (n === data.page) button.setAttribute("aria-current", "page");
            button.addEventListener("click", loadComments.bind(null, n));
            pager.append(button);
          }
        }
      });
  }

  // --- sign-in state from the live data ---
  function applyUser() {
    var signedIn = form.querySelector("[data-signed-in]");
    var loginFields = form.querySelector("[data-login-fields]");
    var captchaFields = form.querySelector("[data-captcha-fields]");
    var anon = form.querySelector("input[name=anonymous]").parentNode;
    if (state.user) {
      signedIn.querySelector("[data-signed-in-name]").textContent = state.user.username;
      signedIn.hidden = false;
      loginFields.hidden = true;
      captchaFields.hidden = true;
      anon.hidden = state.settings.members_may_be_anonymous === false;
    } else {
      signedIn.hidden = true;
      loginFields.hidden = false;
      var guests = state.settings.guests_may_post !== false;
      captchaFields.hidden = !guests;
      anon.hidden = !guests;
      if (guests && state.writing && !captchaKey.value) loadCaptcha();
    }
  }

  document.addEventListener("fazhi:live", function (event) {
    if (event.detail.csrf_token) {
      state.csrf = event.detail.csrf_token;
      state.user = event.detail.user;
    }
    state.settings = event.detail.comments || state.settings;
    applyUser();
  });

  form.addEventListener("focusin", function () {
    if (state.writing) return;
    state.writing = true;
    applyUser();
    personal().catch(function () { /* the plain post still works */ });
  });

  replyTo.querySelector("[data-reply-cancel]").addEventListener("click", function () {
    parentInput.value = "";
    replyTo.hidden = true;
  });

  // --- posting ---
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = form.querySelector("[data-comment-message]");
    form.querySelectorAll("[data-error-for]").forEach(function (node) { node.textContent = ""; });
    message.textContent = "正在提交……";
    personal().then(function () {
      return post(form.action, new FormData(form));
    }, function () {
      form.submit(); // the plain post lands on the no-JS comment page
      return null;
    }).then(function (result) {
      if (!result) return;
      acted();
      var data = result.data;
      message.textContent = data.message || "提交失败，请稍后再试。";
      Object.keys(data.errors || {}).forEach(function (field) {
        var slot = form.querySelector("[data-error-for=" + field + "]") || form.querySelector("[data-error-for=__all__]");
        slot.textContent = data.errors[field].join(" ");
      });
      if (result.status === 201) {
        form.querySelector("textarea").value = "";
        form.querySelector("input[name=password]").value = "";
        parentInput.value = "";
        replyTo.hidden = true;
        if (data.csrf_token) state.csrf = data.csrf_token;
        if (data.user) { state.user = data.user; }
        applyUser();
        if (data.status === "approved") loadComments(1);
      }
      // A captcha is good for one try: take a new one after every post.
      if (!state.user && captchaKey.value) loadCaptcha();
    });
  });

  loadComments(1);
})();
