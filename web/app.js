// The reader's page: sign in with Cognito, order a manga, follow its making, read it, edit it.
// No build step: plain browser JavaScript. `config.json` beside this file says where the API
// and Cognito are (the local gateway serves it; a deployment writes it next to the page).
// Addresses: #/ is home, #/episodes/{id}/pages/{n} a page of an episode (n counts from the cover).
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
  // What a failed try means to a reader, by the error code the platform records.
  const RETRY_WORDS = {
    BACKEND_UNAVAILABLE: "the model is busy",
    BACKEND_TIMEOUT: "the model took too long to answer",
    DEADLINE_EXCEEDED: "the stage ran out of time",
    INVALID_MODEL_OUTPUT: "the model's answer was not usable",
    INTERNAL_ERROR: "something went wrong",
  };
  const DEFAULT_ATTEMPTS = 3;
  const AUTH_MESSAGES = {
    NotAuthorizedException: "Wrong email or password.",
    UserNotFoundException: "Wrong email or password.",
    UsernameExistsException: "An account with this email exists: sign in instead.",
    InvalidPasswordException: "The password is too weak: see the rule below the field.",
    UserNotConfirmedException: "Confirm your account with the code from your email.",
    CodeMismatchException: "That code is not right.",
  };
  const THEME_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}_ '\-,.&]*$/u;
  const ZOOMS = [1, 1.5, 2, 3];
  const SPREAD_QUERY = "(min-width: 62rem) and (min-aspect-ratio: 1/1)";

  let config = null;
  let options = null;
  let session = JSON.parse(sessionStorage.getItem("manga-session") || "null");
  let polling = null;
  const reader = {
    episodeId: null,
    episode: null,
    pages: [],
    index: 0,
    direction: "rtl",
    images: new Map(),
    document: null,
    zoom: 0,
    drafting: false,
  };
  const covers = new Map();

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
    const headers = { Authorization: session.idToken, ...(options.headers || {}) };
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

  function show(node, visible) {
    node.hidden = !visible;
  }

  function say(message) {
    $("notice").textContent = message || "";
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "onclick") node.addEventListener("click", value);
      else if (name === "oninput") node.addEventListener("input", value);
      else if (name === "text") node.textContent = value;
      else if (value !== undefined && value !== null) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function minutesAndSeconds(seconds) {
    if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
    return `${Math.round(seconds / 60)} min`;
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
    if (error instanceof ApiError && error.status === 429) {
      const minutes = Math.ceil(((error.details && error.details.retryAfterSeconds) || 60) / 60);
      return `You have ordered a lot this hour: try again in about ${minutes} minute(s).`;
    }
    if (error instanceof ApiError && error.status === 412) {
      return "This script changed since you opened it: close the editor and open it again.";
    }
    if (error instanceof ApiError && error.code === "EPISODE_IN_PROGRESS") {
      return "This story is being drawn right now: wait until it is done.";
    }
    return error.message;
  }

  function signOut(message) {
    session = null;
    sessionStorage.removeItem("manga-session");
    stopPolling();
    clearReader();
    covers.forEach((url) => URL.revokeObjectURL(url));
    covers.clear();
    // Nothing of the last reader stays on the page for the next one.
    $("order-form").reset();
    $("auth-form").reset();
    clearFieldErrors();
    $("order-error").textContent = "";
    $("order").disabled = false;
    $("stages").replaceChildren();
    $("progress-status").textContent = "";
    show($("progress-view"), false);
    $("stories").replaceChildren();
    $("account-email").textContent = "";
    show($("account"), false);
    show($("home-view"), false);
    show($("reader-view"), false);
    document.body.classList.remove("reading");
    show($("auth-view"), true);
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
    say(message || "Signed out.");
    $("email").focus();
  }

  async function enter() {
    show($("auth-view"), false);
    show($("account"), true);
    $("account-email").textContent = session.email;
    say("");
    options = await apiJson("/config");
    fillOrderForm(options);
    await route();
  }

  // -- addresses ------------------------------------------------------------------------------
  function parseHash() {
    const match = location.hash.match(/^#\/episodes\/([A-Za-z0-9_-]{1,64})(?:\/pages\/(\d{1,3}))?\/?$/);
    return match ? { episodeId: match[1], page: match[2] ? Number(match[2]) : 1 } : null;
  }

  async function route() {
    if (!session) return;
    const target = parseHash();
    if (target) {
      try {
        await openReader(target.episodeId, target.page - 1);
        return;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        say(`That episode cannot be opened: ${describe(error)}`);
      }
    }
    showHome();
    await refreshLibrary();
  }

  function pageAddress(index) {
    return `#/episodes/${reader.episodeId}/pages/${index + 1}`;
  }

  // -- ordering -----------------------------------------------------------------------------
  function fillOrderForm(choices) {
    const genres = $("genre-choices");
    genres.replaceChildren(
      ...choices.genres.map((genre) => {
        const input = element("input", { type: "checkbox", name: "genres", value: genre });
        input.defaultChecked = genre === "fantasy" || genre === "adventure";
        input.checked = input.defaultChecked;
        return element("label", { class: "choice" }, input, ` ${genre}`);
      }),
    );
    $("genres-hint").textContent = `(choose 1 to ${choices.maxGenres})`;
    $("themes-hint").textContent = `Up to ${choices.maxThemes} short phrases, separated by commas.`;
    const fill = (select, values, words, preferred) => {
      select.replaceChildren(
        ...values.map((value) => {
          const option = element("option", { value, text: words(value) });
          option.defaultSelected = value === preferred;
          return option;
        }),
      );
      select.value = values.includes(preferred) ? preferred : values[0];
    };
    const styles = choices.artStyles.map((s) => s.name);
    fill($("art-style"), styles, (name) => choices.artStyles.find((s) => s.name === name).displayName, "shonen");
    const describeStyle = () => {
      const style = choices.artStyles.find((s) => s.name === $("art-style").value);
      $("art-style-description").textContent = style ? style.description : "";
    };
    $("art-style").onchange = describeStyle;
    describeStyle();
    fill($("audience"), choices.targetAudiences, (value) => value.replace(/-/g, " "), "teens");
    fill($("rating"), choices.contentRatings, (value) => value.replace(/-/g, " "), "teen");
    $("pages").min = choices.pages.min;
    $("pages").max = choices.pages.max;
    $("pages-hint").textContent = `${choices.pages.min} to ${choices.pages.max}`;
  }

  function preferences() {
    const form = $("order-form");
    const themes = $("themes").value.split(",").map((t) => t.trim()).filter(Boolean);
    const pages = $("pages").value.trim();
    return {
      genres: [...form.querySelectorAll("input[name=genres]:checked")].map((input) => input.value),
      themes,
      artStyle: $("art-style").value,
      targetAudience: $("audience").value,
      contentRating: $("rating").value,
      pages: pages === "" ? null : Number(pages),
      readingDirection: form.querySelector("input[name=readingDirection]:checked").value,
      reviewScript: $("review-script").checked,
    };
  }

  // The same limits the API checks, said in the reader's words before anything is sent.
  function preferenceProblems(body) {
    const problems = {};
    if (body.genres.length < 1) problems.genres = "Choose at least one genre.";
    else if (body.genres.length > options.maxGenres) problems.genres = `Choose at most ${options.maxGenres} genres.`;
    if (body.themes.length > options.maxThemes) {
      problems.themes = `Give at most ${options.maxThemes} themes.`;
    } else {
      const bad = body.themes.find((t) => t.length < 2 || t.length > 40 || !THEME_PATTERN.test(t));
      if (bad !== undefined) {
        problems.themes = `“${bad}” is not a theme: use 2 to 40 letters, digits, spaces or ' - , . &`;
      }
    }
    const { min, max } = options.pages;
    if (body.pages !== null && !(Number.isInteger(body.pages) && body.pages >= min && body.pages <= max)) {
      problems.pages = `Pages run from ${min} to ${max}.`;
    }
    return problems;
  }

  // The API's field errors, attached to the fields they are about.
  function serverProblems(error) {
    const problems = {};
    for (const detail of error.details || []) {
      const field = String(detail.field || "").split(".")[0];
      const words = {
        genres: "Choose genres from the list.",
        themes: "Each theme is 2 to 40 letters, digits, spaces or ' - , . &",
        artStyle: `Choose an art style from the list.`,
        pages: options ? `Pages run from ${options.pages.min} to ${options.pages.max}.` : detail.message,
      };
      problems[field] = problems[field] || words[field] || detail.message;
    }
    return problems;
  }

  function clearFieldErrors(scope = document) {
    scope.querySelectorAll(".field-error").forEach((node) => {
      node.textContent = "";
    });
    scope.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
  }

  function showFieldErrors(problems) {
    const inputs = {
      genres: $("genres"),
      themes: $("themes"),
      artStyle: $("art-style"),
      targetAudience: $("audience"),
      contentRating: $("rating"),
      pages: $("pages"),
    };
    let first = null;
    for (const [field, message] of Object.entries(problems)) {
      const box = document.querySelector(`.field-error[data-field="${field}"]`);
      if (!box) continue;
      box.textContent = message;
      if (inputs[field]) inputs[field].setAttribute("aria-invalid", "true");
      first = first || inputs[field];
    }
    if (first) (first.tagName === "FIELDSET" ? first.querySelector("input") : first).focus();
  }

  async function order() {
    clearFieldErrors($("order-form"));
    const body = preferences();
    const problems = preferenceProblems(body);
    if (Object.keys(problems).length) {
      showFieldErrors(problems);
      throw new Error("Check the fields marked above.");
    }
    if (body.pages === null) delete body.pages;
    try {
      const accepted = await apiJson("/preferences", { method: "POST", body: JSON.stringify(body) });
      followOrder(accepted.statusUrl);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
        const fieldProblems = serverProblems(error);
        showFieldErrors(fieldProblems);
        throw new Error("Check the fields marked above.");
      }
      throw error;
    }
  }

  async function orderNextEpisode(story) {
    // The order form's "edit the script first" choice holds for the next episode too.
    const body = $("review-script").checked ? JSON.stringify({ reviewScript: true }) : undefined;
    const accepted = await apiJson(`/stories/${story.storyId}/episodes`, { method: "POST", body });
    showHome();
    followOrder(accepted.statusUrl);
  }

  // -- progress -----------------------------------------------------------------------------
  function stopPolling() {
    if (polling) clearTimeout(polling);
    polling = null;
  }

  // Polls a request until it is COMPLETED or FAILED, calling `update` with each answer.
  function watch(statusUrl, update) {
    stopPolling();
    const rate = { samples: [] };
    return new Promise((resolve, reject) => {
      const poll = async () => {
        let status;
        try {
          status = await apiJson(statusUrl);
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return reject(error);
          if (session) polling = setTimeout(poll, POLL_MS * 3);
          return undefined;
        }
        update(status, rate);
        if (status.status === "COMPLETED" || status.status === "FAILED") {
          polling = null;
          resolve(status);
        } else if (session) {
          polling = setTimeout(poll, POLL_MS);
        }
        return undefined;
      };
      poll();
    });
  }

  // Panels drawn so far and, from the rate measured while watching, about how long the rest takes.
  function drawingWords(status, rate) {
    const drawn = status.panelsDrawn;
    const total = status.panelsTotal;
    if (!Number.isInteger(drawn) || !Number.isInteger(total) || total <= 0) return "";
    const now = Date.now() / 1000;
    const samples = rate.samples;
    if (!samples.length || samples[samples.length - 1].drawn !== drawn) samples.push({ at: now, drawn });
    let words = `${drawn} of ${total} panels drawn`;
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (drawn < total && last.drawn > first.drawn && last.at > first.at) {
      const perSecond = (last.drawn - first.drawn) / (last.at - first.at);
      words += ` · about ${minutesAndSeconds((total - drawn) / perSecond)} left`;
    }
    return words;
  }

  function retryWords(status) {
    const attempt = status.attempt;
    const error = status.lastError;
    if (!Number.isInteger(attempt) || attempt < 2 || !error || status.status !== "PROCESSING") return "";
    const most = status.maxAttempts || DEFAULT_ATTEMPTS;
    return `retrying ${attempt} of ${most}: ${RETRY_WORDS[error.code] || error.message}`;
  }

  function renderStages(list, status, rate) {
    list.replaceChildren(
      ...status.stages.map((stage) => {
        const running = stage.state === "running";
        const details = running ? [drawingWords(status, rate), retryWords(status)].filter(Boolean) : [];
        return element(
          "li",
          { class: `stage ${stage.state}`, "data-stage": stage.name, "data-state": stage.state },
          element("span", { class: "stage-name", text: STAGE_WORDS[stage.name] || stage.name }),
          element("span", { class: "stage-state", text: STATE_WORDS[stage.state] || stage.state }),
          ...details.map((text) => element("span", { class: "stage-detail", text })),
        );
      }),
    );
  }

  function statusWords(status) {
    if (status.status === "PENDING") return "Your order is in the queue.";
    const running = status.stages.find((stage) => stage.state === "running");
    if (status.status === "PROCESSING" && running) return `${STAGE_WORDS[running.name] || running.name}…`;
    return "";
  }

  function failureWords(status) {
    const reason = status.error ? `${status.error.message} (${status.error.code})` : "unknown reason";
    return `The manga could not be made: ${reason}.`;
  }

  // An order that asked to edit the script first ends once the script is written.
  function awaitsDrawing(status) {
    return Boolean(status.reviewScript) && status.stage === "episode";
  }

  async function followOrder(statusUrl) {
    show($("progress-view"), true);
    $("order").disabled = true;
    $("progress-status").textContent = "Your order is in the queue.";
    const status = await watch(statusUrl, (current, rate) => {
      renderStages($("stages"), current, rate);
      $("progress-status").textContent = statusWords(current);
    }).finally(() => {
      $("order").disabled = false;
    });
    if (status.status === "COMPLETED" && awaitsDrawing(status)) {
      $("progress-status").textContent = "Your script is ready: edit it, then draw the episode.";
      await refreshLibrary();
      location.hash = `#/episodes/${status.episodeId}`;
    } else if (status.status === "COMPLETED") {
      $("progress-status").textContent = "Your episode is ready.";
      await refreshLibrary();
      location.hash = `#/episodes/${status.episodeId}/pages/1`;
    } else {
      $("progress-status").textContent = failureWords(status);
      await refreshLibrary();
    }
  }

  // -- library ------------------------------------------------------------------------------
  async function refreshLibrary() {
    const { stories } = await apiJson("/stories");
    const details = await Promise.all(stories.map((s) => apiJson(`/stories/${s.storyId}`)));
    show($("library-empty"), details.length === 0);
    $("stories").replaceChildren(...details.map(storyItem));
    details.forEach(loadCover);
  }

  function coverEpisode(story) {
    return story.episodes.find((episode) => episode.status === "COMPLETED");
  }

  async function loadCover(story) {
    const episode = coverEpisode(story);
    const image = document.querySelector(`img[data-cover="${story.storyId}"]`);
    if (!episode || !image) return;
    const key = `${episode.episodeId}`;
    try {
      if (!covers.has(key)) {
        const blob = await (await api(`/episodes/${episode.episodeId}/pages/1`)).blob();
        covers.set(key, URL.createObjectURL(blob));
      }
      image.src = covers.get(key);
    } catch (error) {
      image.remove();
    }
  }

  function storyItem(story) {
    const episodes = element(
      "ul",
      { class: "episodes" },
      ...story.episodes.map((episode) => {
        const ready = episode.status === "COMPLETED";
        const label = `Episode ${episode.episodeNumber}: ${episode.title || "untitled"}`;
        const pages = episode.pageCount ? ` · ${episode.pageCount} pages` : "";
        const scripted = episode.status === "SCRIPTED";
        return element(
          "li",
          {},
          element("span", { text: `${label}${pages}` }),
          scripted
            ? element("a", {
                class: "button secondary",
                href: `#/episodes/${episode.episodeId}`,
                "aria-label": `Edit the script of ${label}`,
                text: "Edit script",
              })
            : ready
            ? element("a", {
                class: "button secondary",
                href: `#/episodes/${episode.episodeId}/pages/1`,
                "aria-label": `Read ${label}`,
                text: "Read",
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
    const cover = coverEpisode(story)
      ? element("img", { class: "cover", "data-cover": story.storyId, alt: `Cover of ${story.title}` })
      : element("div", { class: "cover placeholder", "aria-hidden": "true" });
    return element(
      "li",
      { class: "story" },
      cover,
      element(
        "div",
        { class: "story-text" },
        element("h3", { text: story.title || "A story being written" }),
        element("p", { class: "hint", text: `${story.episodeCount} episode(s)${style}` }),
        episodes,
        next,
      ),
    );
  }

  // -- reader -------------------------------------------------------------------------------
  function clearReader() {
    reader.images.forEach((url) => URL.revokeObjectURL(url));
    Object.assign(reader, {
      episodeId: null,
      episode: null,
      pages: [],
      images: new Map(),
      document: null,
      drafting: false,
    });
    closeEditor();
    setDrafting(false);
  }

  async function openReader(episodeId, index = 0) {
    if (reader.episodeId !== episodeId || reader.drafting) {
      const episode = await apiJson(`/episodes/${episodeId}`);
      if (episode.status === "SCRIPTED") {
        await openDraft(episode);
        return;
      }
      const [listing, document_] = await Promise.all([
        apiJson(`/episodes/${episodeId}/pages`),
        apiJson(`/episodes/${episodeId}/script`).catch(() => null),
      ]);
      clearReader();
      Object.assign(reader, {
        episodeId,
        episode,
        pages: listing.pages,
        direction: listing.readingDirection,
        document: document_,
        images: new Map(),
        zoom: 0,
      });
      setUpReader();
    }
    show($("home-view"), false);
    show($("reader-view"), true);
    document.body.classList.add("reading");
    await showPage(Math.min(Math.max(index, 0), reader.pages.length - 1));
    if (document.activeElement === document.body || !$("reader-view").contains(document.activeElement)) {
      $("page-frame").focus({ preventScroll: true });
    }
  }

  function setUpReader() {
    const { episode } = reader;
    $("reader-title").textContent = `${episode.storyTitle}: episode ${episode.episodeNumber}, ${episode.title}`;
    const rtl = reader.direction === "rtl";
    $("page-controls").classList.toggle("rtl", rtl);
    $("spread").classList.toggle("rtl", rtl);
    // The arrow points the way the page turns; "page" is dropped on narrow screens.
    const words = (label, arrow, before) => {
      const text = element("span", {}, label, element("span", { class: "wide-only", text: " page" }));
      return element("span", {}, ...(before ? [`${arrow} `, text] : [text, ` ${arrow}`]));
    };
    $("page-prev").replaceChildren(rtl ? words("Previous", "→", false) : words("Previous", "←", true));
    $("page-next").replaceChildren(rtl ? words("Next", "←", true) : words("Next", "→", false));
    $("reader-help").textContent = rtl
      ? "Reads right to left: the left arrow key, or a tap on the page's left half, turns to the next page. + and − zoom."
      : "Reads left to right: the right arrow key, or a tap on the page's right half, turns to the next page. + and − zoom.";
    $("download-pdf").disabled = !episode.formats.includes("pdf");
    $("download-cbz").disabled = !episode.formats.includes("cbz");
    $("edit-page").disabled = !reader.document;
    applyZoom();
  }

  function revision() {
    return reader.document ? reader.document.letteredRevision : 1;
  }

  async function pageImage(index) {
    const key = `${revision()}:${index}`;
    if (!reader.images.has(key)) {
      // The revision in the address keeps a re-lettered page from coming out of the browser's cache.
      const blob = await (await api(`${reader.pages[index].path}?revision=${revision()}`)).blob();
      reader.images.set(key, URL.createObjectURL(blob));
    }
    return reader.images.get(key);
  }

  // Manga are bound as spreads: the cover alone, then pages 2-3, 4-5... side by side.
  function spreading() {
    return window.matchMedia(SPREAD_QUERY).matches && reader.zoom === 0;
  }

  function spreadStart(index) {
    if (!spreading() || index === 0) return index;
    return index % 2 === 1 ? index : index - 1;
  }

  function shownPages(index) {
    const start = spreadStart(index);
    if (spreading() && start > 0 && start + 1 < reader.pages.length) return [start, start + 1];
    return [start];
  }

  // A page's words in reading order, for whoever cannot see the page.
  function pageWords(index) {
    const { episode } = reader;
    const total = reader.pages.length;
    const doc = reader.document;
    if (index === 0) return `Cover of ${episode.storyTitle}, episode ${episode.episodeNumber}: ${episode.title}.`;
    const scriptPage = doc && doc.script.pages[index - 1];
    const head = `Page ${index + 1} of ${total}.`;
    if (!scriptPage) return head;
    const panels = scriptPage.panels.map((panel, n) => {
      const parts = [];
      if (panel.caption) parts.push(panel.caption);
      for (const line of panel.dialogue) {
        const how = line.kind && line.kind !== "speech" ? ` (${line.kind})` : "";
        parts.push(`${line.speaker}${how}: “${line.text}”`);
      }
      if (panel.sfx) parts.push(`Sound: ${panel.sfx}`);
      return parts.length ? `Panel ${n + 1}: ${parts.join(" ")}` : `Panel ${n + 1}: no words.`;
    });
    return `${head} ${panels.join(" ")}`;
  }

  async function showPage(index) {
    if (index < 0 || index >= reader.pages.length) return;
    reader.index = index;
    const shown = shownPages(index);
    const [first, second] = [$("page-image"), $("page-image-2")];
    // Both pages of a spread are fetched before either is shown, so they turn together.
    const urls = await Promise.all(shown.map(pageImage));
    if (reader.index !== index) return; // turned again while fetching
    first.src = urls[0];
    first.alt = pageWords(shown[0]);
    show(second, shown.length === 2);
    if (shown.length === 2) {
      second.src = urls[1];
      second.alt = pageWords(shown[1]);
    }
    const total = reader.pages.length;
    $("page-indicator").textContent =
      shown.length === 2 ? `Pages ${shown[0] + 1}–${shown[1] + 1} of ${total}` : `Page ${shown[0] + 1} of ${total}`;
    $("page-frame").dataset.page = String(shown[0] + 1);
    $("page-prev").disabled = shown[0] === 0;
    $("page-next").disabled = shown[shown.length - 1] >= total - 1;
    const address = pageAddress(shown[0]);
    if (location.hash !== address) history.replaceState(null, "", address);
    const next = shown[shown.length - 1] + 1;
    if (next < total) pageImage(next).catch(() => {});
    if (!$("editor").hidden) renderEditor();
  }

  function turn(step) {
    const shown = shownPages(reader.index);
    if (step > 0) showPage(shown[shown.length - 1] + 1);
    else showPage(spreadStart(Math.max(shown[0] - 1, 0)));
  }

  function applyZoom() {
    const level = ZOOMS[reader.zoom];
    $("page-frame").classList.toggle("zoomed", level > 1);
    $("page-frame").style.setProperty("--zoom", String(level));
    $("zoom-level").textContent = level > 1 ? `${Math.round(level * 100)}%` : "Fit";
    $("zoom-out").disabled = reader.zoom === 0;
    $("zoom-in").disabled = reader.zoom === ZOOMS.length - 1;
  }

  function zoom(step) {
    const before = reader.zoom;
    reader.zoom = Math.min(Math.max(reader.zoom + step, 0), ZOOMS.length - 1);
    if (reader.zoom === before) return;
    applyZoom();
    showPage(reader.index);
  }

  function onKey(event) {
    if ($("reader-view").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
    const forward = reader.direction === "rtl" ? "ArrowLeft" : "ArrowRight";
    const backward = reader.direction === "rtl" ? "ArrowRight" : "ArrowLeft";
    const moves = { [forward]: 1, [backward]: -1, PageDown: 1, PageUp: -1 };
    if (event.key in moves && reader.zoom === 0) {
      event.preventDefault();
      turn(moves[event.key]);
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      zoom(1);
    } else if (event.key === "-") {
      event.preventDefault();
      zoom(-1);
    } else if (event.key === "Home") {
      event.preventDefault();
      showPage(0);
    } else if (event.key === "End") {
      event.preventDefault();
      showPage(reader.pages.length - 1);
    }
  }

  function onPageTap(event) {
    // On a touch screen, tapping the side a page turns towards turns it (not while zoomed: that pans).
    if (reader.zoom > 0 || event.target.tagName !== "IMG") return;
    const bounds = $("spread").getBoundingClientRect();
    if (bounds.width === 0) return;
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
    document.body.classList.remove("reading");
    show($("home-view"), true);
  }

  // -- editing --------------------------------------------------------------------------------
  // Inputs carry the API's field path (pages.0.panels.1.dialogue.0.text), so its errors find them.
  function editedPageNumber() {
    return Math.max(shownPages(reader.index)[0], 1);
  }

  function lettering(panel) {
    const parts = [];
    if (panel.caption) parts.push(`[${panel.caption}]`);
    panel.dialogue.forEach((line) => parts.push(`${line.speaker}: “${line.text}”`));
    if (panel.sfx) parts.push(`*${panel.sfx}*`);
    return parts.join("  ") || "(no words)";
  }

  // The pages the editor shows: the page being read, or every page of a script not drawn yet.
  function editedPageNumbers() {
    if (reader.drafting) return reader.document.script.pages.map((page, index) => index + 1);
    return [editedPageNumber()];
  }

  function renderEditor() {
    const script = reader.document.script;
    const numbers = editedPageNumbers().filter((number) => script.pages[number - 1]);
    if (!numbers.length) return;
    $("editor-title").textContent = reader.drafting
      ? `Edit the script: ${script.pages.length} pages, not drawn yet`
      : `Edit page ${numbers[0]} of ${script.pages.length}`;
    $("editor-panels").replaceChildren(
      ...numbers.flatMap((pageNumber) => {
        const panels = pagePanels(script.pages[pageNumber - 1], pageNumber);
        return reader.drafting
          ? [element("h4", { class: "draft-page", text: `Page ${pageNumber}` }), ...panels]
          : panels;
      }),
    );
  }

  function pagePanels(page, pageNumber) {
    const base = `pages.${pageNumber - 1}.panels`;
    return page.panels.map((panel, index) => {
      const path = `${base}.${index}`;
      const preview = element("p", { class: "preview", "aria-live": "polite", text: lettering(panel) });
      const refresh = () => {
        preview.textContent = lettering(editedPanel(panel, path));
      };
      const field = (label, name, value, attributes = {}) => {
        const id = `edit-${path}.${name}`.replace(/\./g, "-");
        const input = element(attributes.multiline ? "textarea" : "input", {
          id,
          "data-path": `${path}.${name}`,
          maxlength: attributes.maxlength,
          rows: attributes.multiline ? 3 : undefined,
          "aria-describedby": `${id}-error`,
          oninput: refresh,
        });
        input.value = value || "";
        return element(
          "div",
          { class: "field" },
          element("label", { for: id, text: label }),
          input,
          element("p", { id: `${id}-error`, class: "field-error", "data-error-for": `${path}.${name}` }),
        );
      };
      const lines = panel.dialogue.map((line, n) =>
        field(`${line.speaker}${line.kind !== "speech" ? ` (${line.kind})` : ""}`, `dialogue.${n}.text`, line.text, {
          maxlength: 160,
        }),
      );
      const redraw = element("button", {
        type: "button",
        class: "secondary",
        text: `Redraw panel ${index + 1}`,
        onclick: guarded(() => redrawPanel(pageNumber, index, path, panel), $("editor-error")),
      });
      return element(
        "fieldset",
        { class: "panel-edit", "data-panel": String(index + 1) },
        element("legend", { text: `Panel ${index + 1} · ${panel.shot}` }),
        field("What the panel shows", "description", panel.description, { multiline: true, maxlength: 400 }),
        ...lines,
        field("Caption", "caption", panel.caption, { maxlength: 200 }),
        field("Sound effect", "sfx", panel.sfx, { maxlength: 24 }),
        element("p", { class: "hint", text: "Lettering preview" }),
        preview,
        ...(reader.drafting ? [] : [redraw]),
      );
    });
  }

  function editedPanel(panel, path) {
    const value = (name) => {
      const input = $("editor-panels").querySelector(`[data-path="${path}.${name}"]`);
      return input ? input.value : undefined;
    };
    const edited = { ...panel, description: value("description").trim() || panel.description };
    edited.dialogue = panel.dialogue.map((line, n) => ({ ...line, text: value(`dialogue.${n}.text`) }));
    const caption = value("caption").trim();
    const sfx = value("sfx").trim();
    if (caption) edited.caption = caption;
    else delete edited.caption;
    if (sfx) edited.sfx = sfx;
    else delete edited.sfx;
    return edited;
  }

  function editedScript() {
    const script = structuredClone(reader.document.script);
    for (const pageNumber of editedPageNumbers()) {
      const page = script.pages[pageNumber - 1];
      page.panels = page.panels.map((panel, index) => editedPanel(panel, `pages.${pageNumber - 1}.panels.${index}`));
    }
    return script;
  }

  function openEditor() {
    if (!reader.document) return;
    show($("editor"), true);
    $("edit-page").setAttribute("aria-expanded", "true");
    $("reader-view").classList.add("editing");
    $("editor-status").textContent = "";
    $("editor-error").textContent = "";
    renderEditor();
    const first = $("editor-panels").querySelector("textarea, input");
    if (first) first.focus();
  }

  function closeEditor() {
    show($("editor"), false);
    $("edit-page").setAttribute("aria-expanded", "false");
    $("reader-view").classList.remove("editing");
  }

  function showEditorErrors(error) {
    let first = null;
    for (const detail of error.details || []) {
      const box = $("editor-panels").querySelector(`[data-error-for="${detail.field}"]`);
      const input = $("editor-panels").querySelector(`[data-path="${detail.field}"]`);
      if (box) box.textContent = detail.message;
      if (input) {
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      }
    }
    if (first) first.focus();
    return first !== null;
  }

  async function applyRevision(accepted, words) {
    $("editor-status").textContent = words;
    $("save-script").disabled = true;
    const started = Date.now();
    try {
      const status = await watch(accepted.statusUrl, (current, rate) => {
        const detail = [drawingWords(current, rate), retryWords(current)].filter(Boolean).join(" · ");
        $("editor-status").textContent = detail ? `${words} ${detail}` : words;
      });
      if (status.status === "FAILED") {
        $("editor-status").textContent = "";
        throw new Error(failureWords(status));
      }
    } finally {
      $("save-script").disabled = false;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    reader.document = await apiJson(`/episodes/${reader.episodeId}/script`);
    reader.episode = await apiJson(`/episodes/${reader.episodeId}`);
    $("reader-title").textContent = `${reader.episode.storyTitle}: episode ${reader.episode.episodeNumber}, ${reader.episode.title}`;
    await showPage(reader.index);
    $("editor-status").textContent = `Done in ${seconds} s: the page shows revision ${reader.document.letteredRevision}.`;
  }

  async function saveScript() {
    clearFieldErrors($("editor"));
    let accepted;
    try {
      accepted = await apiJson(`/episodes/${reader.episodeId}/script`, {
        method: "PUT",
        headers: { "If-Match": reader.document.etag },
        body: JSON.stringify(editedScript()),
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && showEditorErrors(error)) {
        throw new Error("Check the fields marked in the editor.");
      }
      throw error;
    }
    if (reader.drafting) {
      // Before drawing an edit is only kept: the answer is the script at its new revision.
      reader.document = accepted;
      $("editor-status").textContent = `Saved (revision ${accepted.revision}). Draw the episode when it reads right.`;
      return;
    }
    const redrawn = accepted.redrawn.length;
    await applyRevision(
      accepted,
      redrawn ? `Drawing ${redrawn} panel(s) again and lettering…` : "Lettering the new words…",
    );
  }

  async function redrawPanel(pageNumber, index, path, panel) {
    clearFieldErrors($("editor"));
    const description = editedPanel(panel, path).description;
    const body = description !== panel.description ? { description } : {};
    let accepted;
    try {
      accepted = await apiJson(`/episodes/${reader.episodeId}/panels/${pageNumber}/${index + 1}/redraw`, {
        method: "POST",
        body: JSON.stringify(body),
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
        error.details = error.details.map((d) => ({ ...d, field: `${path}.${d.field}` }));
        if (showEditorErrors(error)) throw new Error("Check the fields marked in the editor.");
      }
      throw error;
    }
    await applyRevision(accepted, `Drawing panel ${index + 1} again…`);
  }

  // -- drawing a script the reader edited first ------------------------------------------------
  function setDrafting(on) {
    $("reader-view").classList.toggle("drafting", on);
    show($("draw-episode"), on);
    $("editor-help").textContent = on
      ? "Nothing is drawn yet. Change the words and what each panel shows, save, then draw the episode."
      : "Change words and the lettering is redone in seconds. Change what a panel shows, or press Redraw, and that panel is drawn again.";
  }

  async function openDraft(episode) {
    const document_ = await apiJson(`/episodes/${episode.episodeId}/script`);
    clearReader();
    Object.assign(reader, {
      episodeId: episode.episodeId,
      episode,
      pages: [],
      direction: document_.readingDirection,
      document: document_,
      drafting: true,
    });
    $("reader-title").textContent = `${episode.storyTitle}: episode ${episode.episodeNumber}, ${episode.title}`;
    setDrafting(true);
    show($("home-view"), false);
    show($("reader-view"), true);
    document.body.classList.add("reading");
    openEditor();
  }

  async function drawEpisode() {
    const episodeId = reader.episodeId;
    if (JSON.stringify(editedScript()) !== JSON.stringify(reader.document.script)) await saveScript();
    let statusUrl;
    try {
      statusUrl = (await apiJson(`/episodes/${episodeId}/draw`, { method: "POST" })).statusUrl;
    } catch (error) {
      // Pressed twice, or in another tab: follow the drawing that is already under way.
      const running = error instanceof ApiError && error.code === "EPISODE_IN_PROGRESS" && error.details;
      if (!running || !running.requestId) throw error;
      statusUrl = `/status/${running.requestId}`;
    }
    const words = "Drawing and lettering the pages…";
    $("editor-status").textContent = words;
    $("save-script").disabled = true;
    $("draw-episode").disabled = true;
    let status;
    try {
      status = await watch(statusUrl, (current, rate) => {
        const detail = [drawingWords(current, rate), retryWords(current)].filter(Boolean).join(" · ");
        $("editor-status").textContent = detail ? `${words} ${detail}` : words;
      });
    } finally {
      $("save-script").disabled = false;
      $("draw-episode").disabled = false;
    }
    if (status.status === "FAILED") {
      $("editor-status").textContent = "";
      throw new Error(failureWords(status));
    }
    if (reader.episodeId !== episodeId) return; // the reader went elsewhere meanwhile
    clearReader();
    const address = `#/episodes/${episodeId}/pages/1`;
    if (location.hash === address) await openReader(episodeId, 0);
    else location.hash = address;
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
      location.hash = "#/";
    });
    $("page-prev").addEventListener("click", () => turn(-1));
    $("page-next").addEventListener("click", () => turn(1));
    $("zoom-in").addEventListener("click", () => zoom(1));
    $("zoom-out").addEventListener("click", () => zoom(-1));
    $("edit-page").addEventListener("click", () => ($("editor").hidden ? openEditor() : closeEditor()));
    $("close-editor").addEventListener("click", () => {
      if (reader.drafting) location.hash = "#/";
      else closeEditor();
    });
    $("draw-episode").addEventListener("click", guarded(drawEpisode, $("editor-error")));
    $("editor-form").addEventListener("submit", guarded(saveScript, $("editor-error")));
    $("download-pdf").addEventListener("click", guarded(() => download("pdf"), $("notice")));
    $("download-cbz").addEventListener("click", guarded(() => download("cbz"), $("notice")));
    document.addEventListener("keydown", onKey);
    $("page-frame").addEventListener("click", onPageTap);
    window.matchMedia(SPREAD_QUERY).addEventListener("change", () => {
      if (!$("reader-view").hidden) showPage(reader.index);
    });
    window.addEventListener("hashchange", async () => {
      if (!session) return;
      const target = parseHash();
      if (target && target.episodeId === reader.episodeId && !$("reader-view").hidden) {
        await showPage(target.page - 1);
        return;
      }
      await route().catch((error) => say(describe(error)));
      if (!target) $("library-title").focus();
    });
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
