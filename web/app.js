// The reader's page: sign in with Cognito, order a manga, follow its making, read it.
// No build step: plain browser JavaScript. `config.json` beside this file says where the API
// and Cognito are (the local gateway serves it; a deployment writes it next to the page).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 1000;
  const STAGE_WORDS = {
    story: "Writing the story",
    episode: "Scripting the episode",
    image: "Drawing and lettering the pages",
  };
  const STATE_WORDS = { waiting: "waiting", running: "in progress", done: "done", failed: "failed" };
  const AUTH_MESSAGES = {
    NotAuthorizedException: "Wrong email or password.",
    UserNotFoundException: "Wrong email or password.",
    UsernameExistsException: "An account with this email exists: sign in instead.",
    InvalidPasswordException: "The password is too weak: see the rule below the field.",
    UserNotConfirmedException: "Confirm your account with the code from your email.",
    CodeMismatchException: "That code is not right.",
  };

  let config = null;
  let session = JSON.parse(sessionStorage.getItem("manga-session") || "null");
  let polling = null;
  const reader = { episodeId: null, pages: [], index: 0, direction: "rtl", images: new Map() };

  // -- plumbing ---------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, error) {
      super((error && error.message) || `request failed (${status})`);
      this.status = status;
      this.code = error && error.code;
      this.details = error && error.details;
    }
  }

  async function cognito(operation, body) {
    const response = await fetch(config.cognitoUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify({ ClientId: config.clientId, ...body }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(AUTH_MESSAGES[answer.__type] || answer.message || "Sign-in failed; try again.");
    }
    return answer;
  }

  async function api(path, options = {}) {
    const headers = { Authorization: session.idToken };
    if (options.body) headers["Content-Type"] = "application/json";
    const response = await fetch(`${config.apiUrl}${path}`, { ...options, headers });
    if (response.status === 401) {
      signOut("Your session has ended: sign in again.");
      throw new ApiError(401, null);
    }
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      throw new ApiError(response.status, answer.error);
    }
    return response;
  }

  const apiJson = async (path, options) => (await api(path, options)).json();

  function show(element, visible) {
    element.hidden = !visible;
  }

  function say(message) {
    $("notice").textContent = message || "";
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "onclick") node.addEventListener("click", value);
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  // -- accounts -----------------------------------------------------------------------------
  function credentials() {
    return { email: $("email").value.trim(), password: $("password").value };
  }

  async function signIn() {
    const { email, password } = credentials();
    const answer = await cognito("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password },
    });
    session = { email, idToken: answer.AuthenticationResult.IdToken };
    sessionStorage.setItem("manga-session", JSON.stringify(session));
    $("password").value = "";
    await enter();
  }

  async function signUp() {
    const { email, password } = credentials();
    const answer = await cognito("SignUp", {
      Username: email,
      Password: password,
      UserAttributes: [{ Name: "email", Value: email }],
    });
    if (answer.UserConfirmed) {
      await signIn();
      return;
    }
    show($("code-field"), true);
    show($("confirm"), true);
    $("code").focus();
    say("We sent a confirmation code to your email.");
  }

  async function confirmAccount() {
    const { email } = credentials();
    await cognito("ConfirmSignUp", { Username: email, ConfirmationCode: $("code").value.trim() });
    show($("code-field"), false);
    show($("confirm"), false);
    await signIn();
  }

  function guarded(action, errorBox) {
    return async (event) => {
      if (event) event.preventDefault();
      errorBox.textContent = "";
      try {
        await action();
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) errorBox.textContent = describe(error);
      }
    };
  }

  function describe(error) {
    if (error instanceof ApiError && Array.isArray(error.details)) {
      return `${error.message}: ${error.details.map((d) => `${d.field}: ${d.message}`).join("; ")}`;
    }
    if (error instanceof ApiError && error.status === 429) {
      const minutes = Math.ceil(((error.details && error.details.retryAfterSeconds) || 60) / 60);
      return `You have ordered a lot this hour: try again in about ${minutes} minute(s).`;
    }
    return error.message;
  }

  function signOut(message) {
    session = null;
    sessionStorage.removeItem("manga-session");
    stopPolling();
    show($("account"), false);
    show($("home-view"), false);
    show($("reader-view"), false);
    show($("auth-view"), true);
    say(message || "Signed out.");
    $("email").focus();
  }

  async function enter() {
    show($("auth-view"), false);
    show($("account"), true);
    $("account-email").textContent = session.email;
    say("");
    await fillOrderForm(await apiJson("/config"));
    showHome();
    await refreshLibrary();
  }

  // -- ordering -----------------------------------------------------------------------------
  async function fillOrderForm(options) {
    const genres = $("genres");
    genres.querySelectorAll("label").forEach((label) => label.remove());
    options.genres.forEach((genre, index) => {
      const input = element("input", { type: "checkbox", name: "genres", value: genre });
      input.checked = genre === "fantasy" || genre === "adventure";
      if (index === 0) input.setAttribute("aria-describedby", "genres-hint");
      genres.append(element("label", { class: "choice" }, input, ` ${genre}`));
    });
    $("genres-hint").textContent = `(choose 1 to ${options.maxGenres})`;
    const fill = (select, values, words) => {
      select.replaceChildren(...values.map((value) => element("option", { value, text: words(value) })));
    };
    fill($("art-style"), options.artStyles.map((s) => s.name), (name) => {
      return options.artStyles.find((s) => s.name === name).displayName;
    });
    const describeStyle = () => {
      const style = options.artStyles.find((s) => s.name === $("art-style").value);
      $("art-style-description").textContent = style ? style.description : "";
    };
    const styles = options.artStyles.map((s) => s.name);
    $("art-style").value = styles.includes("shonen") ? "shonen" : styles[0];
    $("art-style").onchange = describeStyle;
    describeStyle();
    fill($("audience"), options.targetAudiences, (value) => value.replace(/-/g, " "));
    $("audience").value = options.targetAudiences.includes("teens") ? "teens" : options.targetAudiences[0];
    fill($("rating"), options.contentRatings, (value) => value.replace(/-/g, " "));
    $("rating").value = options.contentRatings.includes("teen") ? "teen" : options.contentRatings[0];
    $("pages").min = options.pages.min;
    $("pages").max = options.pages.max;
  }

  function preferences() {
    const form = $("order-form");
    const themes = $("themes").value.split(",").map((t) => t.trim()).filter(Boolean);
    return {
      genres: [...form.querySelectorAll("input[name=genres]:checked")].map((input) => input.value),
      themes,
      artStyle: $("art-style").value,
      targetAudience: $("audience").value,
      contentRating: $("rating").value,
      pages: Number($("pages").value),
      readingDirection: form.querySelector("input[name=readingDirection]:checked").value,
    };
  }

  async function order() {
    const accepted = await apiJson("/preferences", { method: "POST", body: JSON.stringify(preferences()) });
    follow(accepted.statusUrl);
  }

  async function orderNextEpisode(story) {
    const accepted = await apiJson(`/stories/${story.storyId}/episodes`, { method: "POST" });
    showHome();
    follow(accepted.statusUrl);
  }

  // -- progress -----------------------------------------------------------------------------
  function stopPolling() {
    if (polling) clearTimeout(polling);
    polling = null;
  }

  function follow(statusUrl) {
    stopPolling();
    show($("progress-view"), true);
    $("order").disabled = true;
    $("progress-status").textContent = "Your order is in the queue.";
    const poll = async () => {
      let status;
      try {
        status = await apiJson(statusUrl);
      } catch (error) {
        if (session) polling = setTimeout(poll, POLL_MS * 3);
        return;
      }
      renderStages(status);
      if (status.status === "COMPLETED") {
        finish();
        $("progress-status").textContent = "Your episode is ready.";
        await refreshLibrary();
        await openReader(status.episodeId);
      } else if (status.status === "FAILED") {
        finish();
        const reason = status.error ? `${status.error.message} (${status.error.code})` : "unknown reason";
        $("progress-status").textContent = `The manga could not be made: ${reason}.`;
        await refreshLibrary();
      } else if (session) {
        polling = setTimeout(poll, POLL_MS);
      }
    };
    poll();
  }

  function finish() {
    stopPolling();
    $("order").disabled = false;
  }

  function renderStages(status) {
    $("stages").replaceChildren(
      ...status.stages.map((stage) =>
        element(
          "li",
          { class: `stage ${stage.state}`, "data-stage": stage.name, "data-state": stage.state },
          element("span", { class: "stage-name", text: STAGE_WORDS[stage.name] || stage.name }),
          element("span", { class: "stage-state", text: STATE_WORDS[stage.state] || stage.state }),
        ),
      ),
    );
  }

  // -- library ------------------------------------------------------------------------------
  async function refreshLibrary() {
    const { stories } = await apiJson("/stories");
    const details = await Promise.all(stories.map((s) => apiJson(`/stories/${s.storyId}`)));
    show($("library-empty"), details.length === 0);
    $("stories").replaceChildren(...details.map(storyItem));
  }

  function storyItem(story) {
    const episodes = element(
      "ul",
      { class: "episodes" },
      ...story.episodes.map((episode) => {
        const ready = episode.status === "COMPLETED";
        const label = `Episode ${episode.episodeNumber}: ${episode.title || "untitled"}`;
        return element(
          "li",
          {},
          element("span", { text: label }),
          ready
            ? element("button", {
                type: "button",
                class: "secondary",
                "aria-label": `Read ${label}`,
                text: "Read",
                onclick: () => openReader(episode.episodeId),
              })
            : element("span", { class: "hint", text: episode.status.toLowerCase() }),
        );
      }),
    );
    const next = element("button", {
      type: "button",
      class: "secondary",
      text: "Next episode",
      "aria-label": `Order the next episode of ${story.title || "this story"}`,
      onclick: guarded(() => orderNextEpisode(story), $("order-error")),
    });
    next.disabled = story.status !== "COMPLETED";
    const style = story.artStyle ? `, ${story.artStyle}` : "";
    return element(
      "li",
      { class: "story" },
      element("h3", { text: story.title || "A story being written" }),
      element("p", { class: "hint", text: `${story.episodeCount} episode(s)${style}` }),
      episodes,
      next,
    );
  }

  // -- reader -------------------------------------------------------------------------------
  async function openReader(episodeId) {
    const [episode, listing] = await Promise.all([
      apiJson(`/episodes/${episodeId}`),
      apiJson(`/episodes/${episodeId}/pages`),
    ]);
    reader.images.forEach((url) => URL.revokeObjectURL(url));
    Object.assign(reader, {
      episodeId,
      pages: listing.pages,
      index: 0,
      direction: listing.readingDirection,
      images: new Map(),
    });
    $("reader-title").textContent = `${episode.storyTitle}: episode ${episode.episodeNumber}, ${episode.title}`;
    const rtl = reader.direction === "rtl";
    $("page-controls").classList.toggle("rtl", rtl);
    $("page-prev").textContent = rtl ? "Previous page →" : "← Previous page";
    $("page-next").textContent = rtl ? "← Next page" : "Next page →";
    $("reader-help").textContent = rtl
      ? "This manga reads right to left: the left arrow key, or a tap on the page's left half, turns to the next page."
      : "This manga reads left to right: the right arrow key, or a tap on the page's right half, turns to the next page.";
    $("download-pdf").disabled = !episode.formats.includes("pdf");
    $("download-cbz").disabled = !episode.formats.includes("cbz");
    show($("home-view"), false);
    show($("reader-view"), true);
    await showPage(0);
    $("page-frame").focus();
  }

  async function pageImage(index) {
    if (!reader.images.has(index)) {
      const blob = await (await api(reader.pages[index].path)).blob();
      reader.images.set(index, URL.createObjectURL(blob));
    }
    return reader.images.get(index);
  }

  async function showPage(index) {
    if (index < 0 || index >= reader.pages.length) return;
    reader.index = index;
    const image = $("page-image");
    image.src = await pageImage(index);
    image.alt = `Page ${index + 1} of ${reader.pages.length}`;
    $("page-indicator").textContent = `Page ${index + 1} of ${reader.pages.length}`;
    $("page-frame").dataset.page = String(index + 1);
    $("page-prev").disabled = index === 0;
    $("page-next").disabled = index === reader.pages.length - 1;
    if (index + 1 < reader.pages.length) pageImage(index + 1).catch(() => {});
  }

  function turn(step) {
    showPage(reader.index + step);
  }

  function onKey(event) {
    if ($("reader-view").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
    const forward = reader.direction === "rtl" ? "ArrowLeft" : "ArrowRight";
    const backward = reader.direction === "rtl" ? "ArrowRight" : "ArrowLeft";
    const moves = { [forward]: 1, [backward]: -1, PageDown: 1, PageUp: -1 };
    if (event.key in moves) {
      event.preventDefault();
      turn(moves[event.key]);
    } else if (event.key === "Home") {
      event.preventDefault();
      showPage(0);
    } else if (event.key === "End") {
      event.preventDefault();
      showPage(reader.pages.length - 1);
    }
  }

  function onPageTap(event) {
    // On a touch screen, tapping the side a page turns towards turns it.
    const bounds = $("page-image").getBoundingClientRect();
    if (event.target !== $("page-image") || bounds.width === 0) return;
    const leftHalf = event.clientX < bounds.left + bounds.width / 2;
    turn(leftHalf === (reader.direction === "rtl") ? 1 : -1);
  }

  async function download(format) {
    const link = await apiJson(`/episodes/${reader.episodeId}/download?format=${format}`);
    // Fetched first so the file gets its name (a link to another origin ignores `download`);
    // if the bucket refuses cross-origin reads, the browser follows the presigned link itself.
    let href = link.url;
    try {
      const response = await fetch(link.url);
      if (response.ok) href = URL.createObjectURL(await response.blob());
    } catch (error) {
      href = link.url;
    }
    const anchor = element("a", { href, download: link.filename });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    if (href !== link.url) setTimeout(() => URL.revokeObjectURL(href), 60000);
  }

  function showHome() {
    show($("reader-view"), false);
    show($("home-view"), true);
  }

  // -- start ----------------------------------------------------------------------------------
  async function start() {
    config = await (await fetch("config.json")).json();
    $("auth-form").addEventListener("submit", guarded(signIn, $("auth-error")));
    $("sign-up").addEventListener("click", guarded(signUp, $("auth-error")));
    $("confirm").addEventListener("click", guarded(confirmAccount, $("auth-error")));
    $("sign-out").addEventListener("click", () => signOut());
    $("order-form").addEventListener("submit", guarded(order, $("order-error")));
    $("back").addEventListener("click", () => {
      showHome();
      $("library-title").focus();
    });
    $("page-prev").addEventListener("click", () => turn(-1));
    $("page-next").addEventListener("click", () => turn(1));
    $("download-pdf").addEventListener("click", guarded(() => download("pdf"), $("notice")));
    $("download-cbz").addEventListener("click", guarded(() => download("cbz"), $("notice")));
    document.addEventListener("keydown", onKey);
    $("page-frame").addEventListener("click", onPageTap);
    $("library-title").tabIndex = -1;
    if (session) {
      try {
        await enter();
      } catch (error) {
        if (session) signOut("Sign in again.");
      }
    }
  }

  start().catch((error) => say(`The page could not start: ${error.message}`));
})();
