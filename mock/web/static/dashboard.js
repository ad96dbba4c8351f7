// The dashboard's live updates: listens to the tenant's feed (GET /_mock/events, server-sent
// events) and, when something happens, fetches the page again and swaps in its live parts
// (every element with data-live and an id). No reload, no framework; without this script every
// page still works, and a reload shows the same.
"use strict";

(() => {
  const QUIET_MS = 150; // events come in bursts (an advance runs many): one fetch per burst
  const RUNNING_CLOCK_MS = 5000; // a running clock moves without events: show its time now and then
  const state = document.querySelector("[data-live-state]");
  let timer = null;
  let fetching = false;
  let again = false;

  function say(text) {
    if (state) state.textContent = text;
  }

  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const answer = await fetch(location.href, { headers: { Accept: "text/html" }, cache: "no-store" });
      if (answer.ok) swap(new DOMParser().parseFromString(await answer.text(), "text/html"));
    } catch (error) {
      say("Live updates: the server did not answer; retrying");
    } finally {
      fetching = false;
      if (again) {
        again = false;
        soon();
      }
    }
  }

  function swap(fresh) {
    for (const part of document.querySelectorAll("[data-live][id]")) {
      const replacement = fresh.getElementById(part.id);
      // A part holding the focus (a button being pressed by keyboard) waits for the next change.
      if (replacement && !part.contains(document.activeElement)) part.replaceWith(replacement);
    }
    document.dispatchEvent(new CustomEvent("dashboard:refreshed"));
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, QUIET_MS);
  }

  const feed = new EventSource(document.body.dataset.events);
  feed.addEventListener("open", () => say("Live"));
  feed.addEventListener("error", () => say("Live updates: reconnecting…"));
  feed.addEventListener("domain", soon);
  feed.addEventListener("delivery", soon);

  setInterval(() => {
    const mode = document.querySelector("[data-clock-mode]");
    if (mode && mode.textContent.trim() !== "manual" && !document.hidden) soon();
  }, RUNNING_CLOCK_MS);
})();
