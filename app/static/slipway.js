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

  // POST /v1/chat/stream answers with server-sent events: `delta` (append text), `reset` (drop
  // what was shown: a failed LLM attempt), `done` (the stored reply) or `error`. Both paths use
  // it: the local path sends its reply as one delta.
  async function streamChat(body, onText) {
    const response = await fetch("/v1/chat/stream", {
      method: "POST",
      headers: {
        Authorization: "Bearer " + token,
        "Content-Type": "application/json",
        Accept: "text/event-stream",
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      const error = new Error(data.message || "request failed (" + response.status + ")");
      error.status = response.status;
      throw error;
    }
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
      else if (name === "error") throw new Error(payload.message || "the reply failed");
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
    if (!final) throw new Error("the reply stream ended early; try again");
    return final;
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
