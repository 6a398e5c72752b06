// Slipway web chat: plain JS, no build step. The token lives in localStorage; every API call
// sends it as a Bearer token. Elements are found by id (the browser test uses the same ids).
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;
  const store = window.localStorage;
  let token = store.getItem("slipway.token") || "";
  let conversationId = store.getItem("slipway.conversation") || "";

  async function api(method, path, body) {
    const init = { method, headers: { Authorization: "Bearer " + token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.message || "request failed (" + response.status + ")");
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function showSignIn(message) {
    $("sign-in").hidden = false;
    $("content").hidden = true;
    $("sign-out").hidden = true;
    $("who").textContent = "";
    $("sign-in-error").textContent = message || "";
  }

  async function start() {
    if (!token) return showSignIn();
    try {
      const me = await api("GET", "/v1/users/me");
      $("who").textContent = "Signed in as " + me.name + " (" + me.timezone + ")";
      $("sign-in").hidden = true;
      $("content").hidden = false;
      $("sign-out").hidden = false;
      if (page === "chat") await loadHistory();
      if (page === "schedule") await loadSchedule();
    } catch (error) {
      if (error.status === 401) {
        token = "";
        store.removeItem("slipway.token");
        return showSignIn("That token was not accepted.");
      }
      showSignIn(error.message);
    }
  }

  // -- chat ----------------------------------------------------------------------------------
  function addMessage(role, text, reply) {
    const item = document.createElement("li");
    item.className = "msg " + role;
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.appendChild(body);
    if (role === "assistant" && reply) {
      const meta = document.createElement("div");
      meta.className = "meta";
      for (const [cls, label] of [["badge-skill", reply.skill], ["badge-path", reply.path]]) {
        if (!label) continue;
        const badge = document.createElement("span");
        badge.className = "badge " + cls;
        badge.textContent = label;
        meta.appendChild(badge);
      }
      for (const [cls, rating, symbol] of [["thumb-up", "up", "👍"], ["thumb-down", "down", "👎"]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "thumb " + cls;
        button.textContent = symbol;
        button.title = rating === "up" ? "Helpful" : "Not helpful";
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

  async function loadHistory() {
    $("messages").textContent = "";
    if (!conversationId) return;
    try {
      const conversation = await api("GET", "/v1/conversations/" + conversationId);
      for (const m of conversation.messages) {
        addMessage(m.role, m.text, m.role === "assistant" ? { ...m, message_id: m.id } : null);
      }
    } catch (error) {
      conversationId = "";
      store.removeItem("slipway.conversation");
    }
  }

  async function send(event) {
    event.preventDefault();
    const input = $("message-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    $("chat-error").textContent = "";
    addMessage("user", text);
    $("typing").hidden = false;
    $("send").disabled = true;
    try {
      const body = { message: text };
      if (conversationId) body.conversation_id = Number(conversationId);
      const reply = await api("POST", "/v1/chat", body);
      conversationId = String(reply.conversation_id);
      store.setItem("slipway.conversation", conversationId);
      addMessage("assistant", reply.reply, reply);
    } catch (error) {
      $("chat-error").textContent = error.message;
    } finally {
      $("typing").hidden = true;
      $("send").disabled = false;
      input.focus();
    }
  }

  // -- schedule ------------------------------------------------------------------------------
  function fill(listId, items, line) {
    const list = $(listId);
    list.textContent = "";
    if (!items.length) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "Nothing here.";
      list.appendChild(empty);
      return;
    }
    for (const item of items) {
      const li = document.createElement("li");
      li.textContent = line(item);
      li.dataset.id = item.id;
      list.appendChild(li);
    }
  }

  function when(iso) {
    if (!iso) return "";
    return iso.replace("T", " ").slice(0, 16);
  }

  async function loadSchedule() {
    try {
      const [meetings, reminders, todos] = await Promise.all([
        api("GET", "/v1/meetings?upcoming=true"),
        api("GET", "/v1/reminders?upcoming=true"),
        api("GET", "/v1/todos?upcoming=true"),
      ]);
      fill("meetings", meetings.meetings, (m) => when(m.starts_at) + " — " + m.title);
      fill("reminders", reminders.reminders, (r) => when(r.due_at) + " — " + r.text + " (" + r.kind + ")");
      fill("todos", todos.todos, (t) => t.text);
    } catch (error) {
      $("schedule-error").textContent = error.message;
    }
  }

  // -- wiring --------------------------------------------------------------------------------
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token-input").value.trim();
    store.setItem("slipway.token", token);
    start();
  });
  $("sign-out").addEventListener("click", () => {
    token = "";
    conversationId = "";
    store.removeItem("slipway.token");
    store.removeItem("slipway.conversation");
    showSignIn();
  });
  if (page === "chat") {
    $("chat-form").addEventListener("submit", send);
    $("new-conversation").addEventListener("click", () => {
      conversationId = "";
      store.removeItem("slipway.conversation");
      $("messages").textContent = "";
    });
  }
  start();
})();
