// Ballot page and trustee page glue around window.BallotCrypto (static/js/vendor/ballot-crypto.js).
// Secrets (voting codes, trustee keys) stay in this page; only public data is posted.
(function () {
  "use strict";
  if (window.__votesPageLoaded) return;
  window.__votesPageLoaded = true;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function message(root, templateId, key) {
    var t = root.querySelector("#" + templateId);
    var el = t && t.content.querySelector('[data-msg="' + key + '"]');
    return el ? el.textContent : key;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  // A Belenios election is hashed over its exact bytes: read it as text.
  function getText(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    });
  }

  // Like postJSON for a GET: refusals (4xx with a JSON body) come back as data, not as errors.
  function askJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (data) { data.status = r.status; return data; });
    });
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (data) { data.status = r.status; return data; }); });
  }

  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // ---- the ballot: one question per screen, encrypt, audit or cast ----

  function Ballot(root) {
    this.root = root;
    this.screens = Array.prototype.slice.call(root.querySelectorAll(".screen"));
    this.at = 0;
    this.status = root.querySelector(".ballot-status");
    this.election = null;
    this.encrypted = null;
    var code = decodeURIComponent((location.hash || "").slice(1));
    if (code) root.querySelector("#credential").value = code;
    history.replaceState(null, "", location.pathname);  // the code must not stay in the address bar
    root.hidden = false;
    root.addEventListener("click", this.onClick.bind(this));
    this.show(0, true);
  }

  Ballot.prototype.say = function (key, text) {
    this.status.textContent = text || (key ? message(this.root, "ballot-messages", key) : "");
  };

  Ballot.prototype.show = function (index, quiet) {
    this.at = index;
    this.screens.forEach(function (s, i) { s.hidden = i !== index; });
    if (quiet) return;  // on arrival, leave the focus where the browser put it
    var focus = this.screens[index].querySelector("h2, legend, input");
    if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
  };

  Ballot.prototype.screen = function (name) {
    return this.screens.findIndex(function (s) { return s.dataset.screen === name; });
  };

  Ballot.prototype.selections = function () {
    return Array.prototype.map.call(this.root.querySelectorAll("fieldset.question"), function (fs) {
      return Array.prototype.map.call(fs.querySelectorAll("input"), function (input) { return input.checked ? 1 : 0; });
    });
  };

  Ballot.prototype.valid = function (screen) {
    if (screen.dataset.screen === "code") return this.root.querySelector("#credential").value.trim().length >= 20;
    if (!screen.classList.contains("question")) return true;
    var n = screen.querySelectorAll("input:checked").length;
    return n >= Number(screen.dataset.min) && n <= Number(screen.dataset.max);
  };

  Ballot.prototype.review = function (listClass, selections) {
    var list = this.root.querySelector(listClass);
    var none = message(this.root, "ballot-messages", "none");
    list.textContent = "";
    this.root.querySelectorAll("fieldset.question").forEach(function (fs, qi) {
      var chosen = [];
      fs.querySelectorAll("input").forEach(function (input, ci) {
        if (selections[qi][ci]) chosen.push(input.dataset.label);
      });
      var item = document.createElement("li");
      var q = document.createElement("strong");
      q.textContent = fs.querySelector(".question-text").textContent + " ";
      item.appendChild(q);
      item.appendChild(document.createTextNode(chosen.join("、") || none));
      list.appendChild(item);
    });
  };

  Ballot.prototype.onClick = function (event) {
    var button = event.target.closest("[data-go]");
    if (!button) return;
    var go = button.dataset.go, screen = this.screens[this.at];
    this.say("");
    if (go === "back") return this.show(Math.max(0, this.at - 1));
    if (go === "next") {
      if (!this.valid(screen)) return this.say(screen.dataset.screen === "code" ? "code" : "choose");
      if (this.screens[this.at + 1].dataset.screen === "review") this.review(".review-list", this.selections());
      return this.show(this.at + 1);
    }
    if (go === "encrypt") return this.encrypt();
    if (go === "cast") return this.cast();
    if (go === "audit") return this.audit();
    if (go === "save") {
      download("tracker-" + this.tracker.slice(0, 8) + ".txt",
        message(this.root, "ballot-messages", "tracker-file") + ": " + this.tracker + "\n" + location.href + "\n");
    }
  };

  Ballot.prototype.encrypt = async function () {
    if (!window.BallotCrypto) return this.say("nolib");
    this.say("encrypting");
    try {
      var d = this.root.dataset, belenios = d.format === "belenios";  // a vote in BELENIOS-2048
      if (!this.election) this.election = belenios ? await getText(d.beleniosElection) : await getJSON(d.election);
      var code = window.BallotCrypto.credentialCode
        ? window.BallotCrypto.credentialCode(this.root.querySelector("#credential").value)
        : this.root.querySelector("#credential").value.trim();
      if (!code) return this.say("code");
      var selections = this.selections();
      var out = belenios ? await window.BallotCrypto.belenios.encryptBallot(this.election, d.uuid, code, selections)
        : await window.BallotCrypto.encryptBallot(this.election, code, selections);
      this.encrypted = { ballot: out.ballot, randomness: out.randomness, selections: selections };
      this.tracker = out.tracker;
      this.root.querySelectorAll('[data-slot="tracker"]').forEach(function (el) {
        el.textContent = el.classList.contains("full") ? out.tracker : out.tracker.slice(0, 16) + "…";
      });
      this.say("");
      this.screens[this.screen("encrypted")].querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      this.show(this.screen("encrypted"));
    } catch (e) {
      this.say(null, String(e && e.message || e));
    }
  };

  Ballot.prototype.cast = async function () {
    this.say("sending");
    // One ballot, one send: no second click while it travels and is checked.
    var buttons = this.screens[this.screen("encrypted")].querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    try {
      // Only the ciphertext is kept, to send the same ballot again; its randomness is dropped, so
      // that it can never be revealed by an audit.
      var url = this.root.dataset.cast, sent = { ballot: this.encrypted.ballot }, resent = 0;
      this.encrypted = null;
      var answer = await postJSON(url, sent);
      // The server takes the ballot at once and checks its proofs just after: ask until it is settled,
      // soon at first, then less and less often (a rush makes the check slower; every page asking
      // every second would make it slower still), for four minutes at most. A ballot the server no
      // longer has (lost in a database crash just after it was taken) is sent again, a few times.
      var waited = 0;
      for (var tries = 0; answer.ok && answer.state === "pending"; tries++) {
        this.say("checking", answer.message);
        if (waited > 240000) return this.say("slow-check");
        var pause = Math.min(300 * Math.pow(1.5, tries), 5000);
        await sleep(pause);
        waited += pause;
        try { answer = await askJSON(answer.poll); } catch (e) { /* keep asking through a brief outage */ }
        if (answer.state === "missing" && resent++ < 3) answer = await postJSON(url, sent);
      }
      if (!answer.ok) {  // refused: the reason, and back to the review to encrypt again
        this.show(this.screen("review"));
        return this.say(null, answer.message);
      }
      this.tracker = answer.tracker;
      this.root.querySelectorAll('[data-slot="tracker"]').forEach(function (el) { el.textContent = answer.tracker; });
      var link = this.root.querySelector('[data-slot="board-link"]');
      link.href = this.root.dataset.board + "?tracker=" + answer.tracker.slice(0, 16);
      this.say(null, answer.message);
      this.show(this.screen("done"));
    } catch (e) {
      this.show(this.screen("review"));
      this.say("network");
    }
  };

  Ballot.prototype.audit = async function () {
    this.say("sending");
    try {
      var e = this.encrypted, BC = window.BallotCrypto, belenios = this.root.dataset.format === "belenios";
      var record = belenios ? BC.belenios.auditRecord(e.ballot, e.randomness, e.selections)
        : await BC.auditRecord(this.election, e.ballot, e.randomness, e.selections);
      var answer = await postJSON(this.root.dataset.audit, record);
      this.encrypted = null;
      if (!answer.ok) return this.say(null, answer.message);
      // Show what the ballot really encrypts, recomputed here from the revealed randomness.
      var opened = belenios ? BC.belenios.openAudited(this.election, record) : await BC.openAudited(this.election, record);
      this.review(".audit-list", opened);
      this.say(null, answer.message);
      this.show(this.screen("audited"));
    } catch (err) {
      this.say("network");
    }
  };

  // ---- the trustee page: key ceremony and decryption on this device ----

  function Trustee(root) {
    this.root = root;
    this.status = root.querySelector(".trustee-status");
    root.addEventListener("click", this.onClick.bind(this));
  }

  Trustee.prototype.say = function (key, text) {
    this.status.textContent = text || message(this.root, "trustee-messages", key);
  };

  Trustee.prototype.post = function (step, body) {
    return postJSON(this.root.dataset.post.replace(/certificate$/, step), body);
  };

  Trustee.prototype.readKey = async function () {
    var input = this.root.querySelector("#keyfile"), pass = this.root.querySelector("#passphrase").value;
    if (!input.files.length || !pass) { this.say("keyfile"); return null; }
    var text = await input.files[0].text();
    try {
      return await window.BallotCrypto.keyfile.unseal(text, pass);
    } catch (e) {
      this.say("badkey");
      return null;
    }
  };

  Trustee.prototype.saveKey = async function (state) {
    var pass = this.root.querySelector("#passphrase").value;
    var sealed = await window.BallotCrypto.keyfile.seal(state, pass);
    download("trustee-" + this.root.dataset.uuid.slice(0, 8) + "-" + this.root.dataset.index + ".key",
      typeof sealed === "string" ? sealed : JSON.stringify(sealed));
  };

  Trustee.prototype.finish = function (answer) {
    if (!answer.ok) return this.say(null, answer.message);
    this.say(null, answer.message);
    setTimeout(function () { location.reload(); }, 1200);
  };

  Trustee.prototype.onClick = async function (event) {
    var button = event.target.closest("[data-trustee-action]");
    if (!button) return;
    if (!window.BallotCrypto) return this.say("nolib");
    var d = this.root.dataset, BC = window.BallotCrypto, action = button.dataset.trusteeAction;
    button.disabled = true;
    this.say("working");
    try {
      if (action === "create") {
        if (this.root.querySelector("#passphrase").value.length < 12) { this.say("passphrase"); return; }
        var made = await BC.trustee.create(d.group, d.uuid, Number(d.index), Number(d.threshold), d.name);
        await this.saveKey(made.state);
        return this.finish(await this.post("certificate", made.certificate));
      }
      var state = await this.readKey();
      if (!state) return;
      if (action === "deal") {
        var certs = (await getJSON(d.trustees)).trustees;
        return this.finish(await this.post("shares", await BC.trustee.deal(state, certs)));
      }
      if (action === "receive") {
        var certificates = (await getJSON(d.trustees)).trustees;
        var got = await BC.trustee.receive(state, certificates, await getJSON(d.messages));
        var complained = await this.post("complaints", got.complaints);
        if (!complained.ok || got.complaints.length) return this.say(null, complained.message);
        await this.saveKey(got.state);
        var check = await BC.trustee.partialDecryption(await getJSON(d.keycheckElection),
          await getJSON(d.keycheckTally), Number(d.index), got.state);
        // In Belenios' group the key check also carries Belenios' proof of the verification key.
        if (d.format === "belenios") check.belenios_key = BC.belenios.verificationKey(got.state);
        return this.finish(await this.post("keycheck", check));
      }
      if (action === "decrypt") {
        var partial = d.format === "belenios"
          ? await BC.belenios.partialDecryption(await getText(d.beleniosElection), await getJSON(d.tally),
            Number(d.index), state)
          : await BC.trustee.partialDecryption(await getJSON(d.election), await getJSON(d.tally), Number(d.index), state);
        return this.finish(await this.post("partial", partial));
      }
    } catch (e) {
      this.say(null, String(e && e.message || e));
    } finally {
      button.disabled = false;
    }
  };

  function start() {
    var ballot = document.getElementById("ballot");
    if (ballot && !ballot.dataset.ready) { ballot.dataset.ready = "1"; new Ballot(ballot); }
    var trustee = document.querySelector("[data-trustee]");
    if (trustee && !trustee.dataset.ready) { trustee.dataset.ready = "1"; new Trustee(trustee); }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:load", start);
}());
