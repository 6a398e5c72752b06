// Slipway web chat: plain JS, no build step. The token lives in localStorage; every API call
// sends it as a Bearer token. Elements are found by id (the browser test uses the same ids).
// The page is rendered in one language (<html lang>); its script texts come with it (#i18n),
// and a cookie keeps the page in the signed-in user's language.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;
  const store = window.localStorage;
  let token = store.getItem("slipway.token") || "";
  let conversationId = store.getItem("slipway.conversation") || "";
  let locale = "";

  const LANG_COOKIE = "slipway_lang";
  const LANGUAGES = ["en", "es"];
  const pageLang = document.documentElement.lang || "en";

  const messages = JSON.parse(($("i18n") || {}).textContent || "{}");
  // A script text in the page's language, {name} filled from vars (fallback: the key's own text).
  function t(key, vars, fallback) {
    const text = key in messages ? messages[key] : fallback !== undefined ? fallback : key;
    return text.replace(/\{(\w+)\}/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
  }

  function setLanguageCookie(lang) {
    document.cookie = LANG_COOKIE + "=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
  }

  // Show the page in the user's language: remember it, reload once if the page is in another.
  function followLanguage(userLocale) {
    const lang = (userLocale || "en").split(/[-_]/)[0].toLowerCase();
    if (!LANGUAGES.includes(lang)) return false;
    setLanguageCookie(lang);
    if (lang === pageLang || new URLSearchParams(location.search).has("lang")) return false;
    location.reload();
    return true;
  }

  // fetch(), with a request that never reached the server (offline, the server down) said in
  // the page's language, never the browser's own English ("Failed to fetch"); error.unsent is set
  async function reach(path, init) {
    try {
      return await fetch(path, init);
    } catch (cause) {
      const error = new Error(t("unreachable"));
      error.unsent = true;
      throw error;
    }
  }

  async function api(method, path, body) {
    const init = { method, headers: { Authorization: "Bearer " + token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await reach(path, init);
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) throw failed(response, data);
    return data;
  }

  // The error of a refused request (its status, code and the problems field by field: detail,
  // for the pages to mark the fields); a 401 once signed in (the token was revoked meanwhile)
  // also signs out, so the page asks for a token instead of failing every request after.
  function failed(response, data) {
    const error = new Error(data.message || t("request_failed", { status: response.status }));
    error.status = response.status;
    error.code = data.code;
    error.detail = data.detail;
    if (response.status === 401 && token) {
      token = "";
      store.removeItem("slipway.token");
      showSignIn(t("token_refused"));
      error.message = t("token_refused");
    }
    return error;
  }

  function showSignIn(message) {
    $("sign-in").hidden = false;
    $("content").hidden = true;
    $("sign-out").hidden = true;
    $("who").textContent = "";
    $("sign-in-error").textContent = message || "";
  }

  // Where focus goes once the page shows after signing in with the form (the focused token box
  // is hidden then, and focus would fall back to <body>): the message box on the chat, else the
  // page's heading, so the next Tab continues from the page's start.
  function focusPage() {
    const box = $("message-input");
    if (box) return box.focus();
    const heading = document.querySelector("#content h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // Signed in with the form just now: kept across the one reload into the user's language.
  const JUST_SIGNED_IN = "slipway.just-signed-in";

  async function start(fromForm) {
    if (page === "not_found") return; // says so and names the pages, signed in or not
    if (!token) return showSignIn();
    if (fromForm) window.sessionStorage.setItem(JUST_SIGNED_IN, "1");
    try {
      const me = await api("GET", "/v1/users/me");
      locale = me.locale || "";
      if (followLanguage(locale)) return;
      $("who").textContent = t("signed_in", { name: me.name, timezone: me.timezone });
      $("sign-in").hidden = true;
      $("content").hidden = false;
      $("sign-out").hidden = false;
      if (window.sessionStorage.getItem(JUST_SIGNED_IN)) {
        window.sessionStorage.removeItem(JUST_SIGNED_IN);
        focusPage();
      }
      if (page === "chat") await loadHistory();
      // page scripts (schedule.js) start from here, with the signed-in user (timezone, locale)
      document.dispatchEvent(new CustomEvent("slipway:signed-in", { detail: me }));
    } catch (error) {
      window.sessionStorage.removeItem(JUST_SIGNED_IN);
      if (error.status === 401) {
        token = "";
        store.removeItem("slipway.token");
        return showSignIn(t("token_refused"));
      }
      showSignIn(error.message);
    }
  }

  // -- chat ----------------------------------------------------------------------------------
  function addMessage(role, text, reply) {
    const item = document.createElement("li");
    item.className = "msg " + role;
    if (reply && reply.lang) item.lang = reply.lang; // the reply's language, for screen readers
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.appendChild(body);
    if (role === "assistant" && reply) {
      const meta = document.createElement("div");
      meta.className = "meta";
      for (const [cls, kind, value] of [["badge-skill", "skill", reply.skill], ["badge-path", "path", reply.path]]) {
        if (!value) continue;
        const badge = document.createElement("span");
        badge.className = "badge " + cls;
        badge.dataset.value = value;
        badge.textContent = t(kind + "." + value, {}, value);
        meta.appendChild(badge);
      }
      for (const [cls, rating, symbol] of [["thumb-up", "up", "👍"], ["thumb-down", "down", "👎"]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "thumb " + cls;
        const label = t(rating === "up" ? "helpful" : "not_helpful");
        button.textContent = symbol + " " + label;
        button.title = label;
        button.setAttribute("aria-pressed", "false");
        button.addEventListener("click", async () => {
          try {
            await api("POST", "/v1/feedback", { message_id: reply.message_id, rating });
            meta.querySelectorAll(".thumb").forEach((b) => b.setAttribute("aria-pressed", "false"));
            button.setAttribute("aria-pressed", "true");
          } catch (error) {
            $("chat-error").textContent = error.message;
          }
        });
        meta.appendChild(button);
      }
      item.appendChild(meta);
      item.dataset.messageId = reply.message_id;
    }
    $("messages").appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  // The conversation this browser was in; after signing in again (nothing remembered) the
  // user's most recent one. "New conversation" remembers an empty id: nothing is restored.
  async function loadHistory() {
    $("messages").textContent = "";
    if (store.getItem("slipway.conversation") === "") return;
    let conversation = null;
    if (conversationId) {
      conversation = await api("GET", "/v1/conversations/" + conversationId).catch(() => null);
    }
    if (!conversation) {
      const list = await api("GET", "/v1/conversations").catch(() => ({ conversations: [] }));
      const newest = list.conversations[0];
      conversation = newest ? await api("GET", "/v1/conversations/" + newest.id).catch(() => null) : null;
    }
    conversationId = conversation ? String(conversation.id) : "";
    if (conversationId) store.setItem("slipway.conversation", conversationId);
    else store.removeItem("slipway.conversation");
    for (const m of conversation ? conversation.messages : []) {
      addMessage(m.role, m.text, m.role === "assistant" ? { ...m, message_id: m.id } : null);
    }
  }

  // POST /v1/chat/stream answers with server-sent events: `delta` (append text), `reset` (drop
  // what was shown: a failed LLM attempt), `done` (the stored reply) or `error`. Both paths use
  // it: the local path sends its reply as one delta.
  async function streamChat(body, onText) {
    const response = await reach("/v1/chat/stream", {
      method: "POST",
      headers: {
        Authorization: "Bearer " + token,
        "Content-Type": "application/json",
        Accept: "text/event-stream",
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw failed(response, await response.json().catch(() => ({})));
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let shown = "";
    let final = null;
    const handle = (block) => {
      let name = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      const payload = data ? JSON.parse(data) : {};
      if (name === "delta") onText((shown += payload.text));
      else if (name === "reset") onText((shown = ""));
      else if (name === "done") final = payload;
      else if (name === "error") throw new Error(payload.message || t("reply_failed"));
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        handle(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    if (buffer.trim()) handle(buffer);
    if (!final) throw new Error(t("stream_ended"));
    return final;
  }

  // The message box's length against the server's limit (the box has no maxlength, which
  // would cut a long paste silently): a count shows near the limit, and over it says so.
  const maxChars = Number(($("message-input") || { dataset: {} }).dataset.max) || 0;
  function countChars() {
    const count = $("message-input").value.length;
    const shown = maxChars && count > maxChars * 0.9;
    $("message-count").hidden = !shown;
    $("message-count").textContent = shown ? t("chars_of", { count, max: maxChars }) : "";
    const over = maxChars && count > maxChars;
    $("message-input").setAttribute("aria-invalid", over ? "true" : "false");
    return !over;
  }

  async function send(event) {
    event.preventDefault();
    const input = $("message-input");
    const text = input.value.trim();
    $("chat-error").textContent = "";
    if (!text) {
      // spaces only: nothing to send, and the page says so (the box is left as it was)
      $("chat-error").textContent = t("empty_message");
      input.focus();
      return;
    }
    if (maxChars && text.length > maxChars) {
      $("chat-error").textContent = t("too_long", { count: text.length, max: maxChars });
      input.focus();
      return;
    }
    input.value = "";
    countChars();
    addMessage("user", text);
    const sent = $("messages").lastElementChild;
    $("typing").hidden = false;
    $("send").disabled = true;
    let draft = null; // the reply as it streams, replaced by the stored reply when done
    try {
      const body = { message: text };
      if (conversationId) body.conversation_id = Number(conversationId);
      const reply = await streamChat(body, (text) => {
        if (!draft) {
          draft = document.createElement("li");
          draft.className = "msg draft";
          draft.setAttribute("aria-busy", "true");
          $("messages").appendChild(draft);
        }
        draft.textContent = text;
        draft.scrollIntoView({ block: "end" });
      });
      if (draft) draft.remove();
      draft = null;
      conversationId = String(reply.conversation_id);
      store.setItem("slipway.conversation", conversationId);
      addMessage("assistant", reply.reply, reply);
    } catch (error) {
      if (draft) draft.remove();
      if (error.unsent || error.status) sent.remove(); // never reached the conversation
      // the text goes back in the box to send again (unless something was typed meanwhile)
      if (!input.value) input.value = text;
      countChars();
      $("chat-error").textContent = error.unsent ? t("not_sent") : error.message;
    } finally {
      $("typing").hidden = true;
      $("send").disabled = false;
      input.focus();
    }
  }

  // -- wiring --------------------------------------------------------------------------------
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token-input").value.trim();
    $("token-input").value = ""; // the token is kept in storage, not left in the page
    store.setItem("slipway.token", token);
    start(true);
  });
  $("sign-out").addEventListener("click", () => {
    token = "";
    conversationId = "";
    store.removeItem("slipway.token");
    store.removeItem("slipway.conversation");
    document.cookie = LANG_COOKIE + "=; path=/; max-age=0"; // signed out: the browser's language
    if ($("messages")) $("messages").textContent = ""; // nothing of the conversation stays behind
    showSignIn();
  });
  $("lang-select").addEventListener("change", async (event) => {
    const lang = event.target.value;
    setLanguageCookie(lang);
    if (token && locale.split(/[-_]/)[0].toLowerCase() !== lang) {
      try {
        await api("PATCH", "/v1/users/me", { locale: lang });
      } catch (error) {
        // the page still changes language; the account keeps its locale
      }
    }
    location.reload();
  });
  if (page === "chat") {
    $("chat-form").addEventListener("submit", send);
    $("message-input").addEventListener("input", countChars);
    $("new-conversation").addEventListener("click", () => {
      conversationId = "";
      store.setItem("slipway.conversation", ""); // started afresh: a reload restores nothing
      $("messages").textContent = "";
    });
  }
  // The page scripts (schedule.js, pathways.js) call the API through this, after sign-in.
  window.slipway = { api };
  start();
})();
