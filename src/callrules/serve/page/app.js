// The applicants' page: pick a call, read its checklist, fill a form generated from the call's
// JSON Schema, and see each message beside its field as you type. No build step, no library:
// the form is drawn from the schema and the application held in `state.data`; every change
// posts the application to ../calls/{id}/check and places each finding by its JSON Pointer.
"use strict";

// The languages the page is offered in: those the service speaks (its labels.json: built in,
// and a platform's registered catalogs, att82 F6), read as the page starts.
let LANGUAGES = ["en"];
// What the page asks of the service's answer to a check: the values each message inserts.
const INSERTED = "callrules-inserted";
// The language of a call's text in the schema where it is not the page's (a call in English
// and Finnish, the page in French): set as its element's `lang`, for a screen reader.
const LANG = "x-callrules-lang";
const state = { labels: {}, lang: "en", call: null, schema: null, data: {}, asked: 0, timer: 0,
                chosen: 0, listed: 0, pasted: "", unread: null,
                // what the live region (#live) last told (`heard()`), so that only a change
                // is said, never an answer repeated as it came again
                verdict: "", heard: heard(),
                // each part of the form drawn, by its JSON Pointer: its box, its list of
                // messages and its control (a field's), indexed once as the form is drawn,
                // so that placing a message costs the same on a form of 10 fields or 10,000
                // (the page was searched for each message: 250 visitors froze the tab)
                parts: new Map(), shown: new Set(),
                // each list's Add button, by the list's pointer (focus given back to it)
                adds: new Map() };
// What each message shown is about (`place`'s `about`), by its list item.
const ABOUT = new WeakMap();

const $ = (selector) => document.querySelector(selector);

// A language as BCP 47 tags it, for the browser (`lang`, `Intl`, `Accept-Language`), as the
// service says it (callrules._tags.bcp47): a platform's catalog is named as gettext names one
// (`zh_TW`, `sr@latin`, `sr@ijekavian`), which `Intl` refuses (a RangeError). Always a valid
// tag (look76v F1: `sr-ijekavian` was given back, `Intl` threw and the page never loaded):
// what is no script, region or variant is said after `-x-` (`en@quot` is `en-x-quot`).
const SCRIPT_MODIFIERS = { latin: "latn", cyrillic: "cyrl", devanagari: "deva" };
const VARIANTS = { ijekavian: "ijekavsk" };  // (IANA's name of gettext's `sr@ijekavian`)
const SCRIPT_NAMES = (() => {
  try { return new Intl.DisplayNames(["en"], { type: "script", fallback: "none" }); }
  catch (error) { return null; }
})();
function tagOf(lang) {
  // (the modifier is all that follows the first `@`, as the service's `_subtags` reads it:
  // `fr@latin@x`'s is `latin@x`, no modifier it knows, dropped)
  const given = String(lang).trim(), at = given.indexOf("@");
  const name = at < 0 ? given : given.slice(0, at), written = at < 0 ? "" : given.slice(at + 1);
  const modifier = written.split(".")[0].toLowerCase();
  const parts = name.split(".")[0].toLowerCase().split(/[-_]/);
  const x = parts.indexOf("x", 1);
  if (x > 0) parts.splice(x, 1);
  if (SCRIPT_MODIFIERS[modifier]) parts.splice(1, 0, SCRIPT_MODIFIERS[modifier]);
  else if (modifier.endsWith("latin") && !["", "euro"].includes(modifier.slice(0, -5))) {
    parts.splice(1, 0, "latn");
    parts.push(VARIANTS[modifier.slice(0, -5)] || modifier.slice(0, -5));
  } else if (/^[a-z0-9]+$/.test(modifier) && modifier !== "euro") {
    parts.push(VARIANTS[modifier] || modifier);
  }
  // (a subtag holding a character beyond ASCII's letters and digits left out whole, never
  // cut down to the letters it holds: `ÇA` is not `a`; a language so written is `und`, as
  // the service's `bcp47` says it)
  const kept = parts.filter((part) => part);
  const whole = (part) => /^[a-z0-9]+$/.test(part);
  const language = kept.length && whole(kept[0]) ? kept[0] : "";
  const said = [], own = [];
  if (/^([a-z]{2,3}|[a-z]{5,8})$/.test(language)) said.push(language);
  else { said.push("und"); if (language) own.push(language); }
  let step = 1;
  for (const part of kept.slice(1).filter(whole)) {
    if (own.length) own.push(part);
    else if (step <= 1 && /^[a-z]{4}$/.test(part) && SCRIPT_NAMES
             && SCRIPT_NAMES.of(part[0].toUpperCase() + part.slice(1)) !== undefined) {
      said.push(part[0].toUpperCase() + part.slice(1)); step = 2;
    } else if (step <= 2 && /^([a-z]{2}|[0-9]{3})$/.test(part)) {
      said.push(part.toUpperCase()); step = 3;
    } else if (/^([a-z0-9]{5,8}|[0-9][a-z0-9]{3})$/.test(part) && !said.includes(part)) {
      said.push(part); step = 3;
    } else own.push(part);
  }
  const pieces = own.filter((part) => part).flatMap((part) => part.match(/.{1,8}/g));
  const tag = [...said, ...(pieces.length ? ["x", ...pieces] : [])].join("-");
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch (error) {
    return "und";  // (never reached: the tag is valid; a browser's own refusal never thrown)
  }
}

// The reader's language as the browser tags it.
const locale = () => tagOf(state.lang);

// The subtags of a tag, in lower case, `-` and `_` alike; its script the one it names or
// implies (the browser's CLDR likely subtags: zh-TW is Hant, sr is Cyrl), null when unknown.
const subtags = (tag) => tagOf(tag).toLowerCase().split("-");
function scriptOf(tag) {
  try {
    return (new Intl.Locale(tagOf(tag)).maximize().script || "").toLowerCase() || null;
  } catch (error) {
    return null;
  }
}

// The language offered for a tag asked (`?lang=`, the browser's), as the service reads an
// Accept-Language (callrules._tags.text_key_for, BCP 47's lookup): the same tag however
// spelt (zh-TW is a platform's zh_TW), then its language alone (pt-BR is pt), then the one
// language offered in the script the tag names or implies (zh-Hant-TW and zh-HK are zh_TW,
// never zh_Hans); null when none is (a region never picked at random).
function offered(tag) {
  const asked = subtags(tag);
  if (!asked[0]) return null;
  const same = (parts, other) => parts.join("-") === other.join("-");
  const found = LANGUAGES.find((lang) => same(subtags(lang), asked));
  if (found) return found;
  // (the script first: zh-HK is zh_TW, never zh, where a platform has both; an unknown
  // script matches none: look76v F1, sr picked sr@ijekavian, whose script was unknown)
  const script = scriptOf(tag);
  const written = script === null ? [] : LANGUAGES.filter(
    (lang) => subtags(lang)[0] === asked[0] && scriptOf(lang) === script);
  if (written.length === 1) return written[0];
  return LANGUAGES.find((lang) => same(subtags(lang), asked.slice(0, 1))) || null;
}

function say(key) {
  return (state.labels[state.lang] || {})[key] || state.labels.en[key] || key;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, name === "lang" ? tagOf(value) : value);  // (HTML's: BCP 47)
    }
  }
  node.append(...children);
  return node;
}

async function api(path, options = {}) {
  const headers = { "Accept-Language": `${locale()}, en;q=0.5`, ...(options.headers || {}) };
  return fetch(new URL(path, new URL("../", document.baseURI)), { ...options, headers });
}

function zone() {
  const value = $("#zone").value.trim();
  return value ? `?zone=${encodeURIComponent(value)}` : "";
}

// -- JSON Pointers (RFC 6901) -------------------------------------------------------------
const escape = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");
const join = (pointer, key) => `${pointer}/${escape(key)}`;

function parent(pointer) {
  return pointer.slice(0, pointer.lastIndexOf("/"));
}

// The application read from the form or pasted is looked up by names from the call (a field
// it declares may be called `constructor` or `toString`) and from the draft itself: only
// its own properties are read (never one of Object.prototype's), and keys are set as own
// properties (`__proto__` too); a part of the wrong shape (a list that is an object, an
// object that is a text) is left as it is, for the service to say what is wrong with it.
const isList = Array.isArray;
const isRecord = (value) => value !== null && typeof value === "object" && !isList(value);

function own(holder, key) {
  if (isList(holder)) return /^\d+$/.test(key) && Object.hasOwn(holder, key) ? holder[key] : undefined;
  return isRecord(holder) && Object.hasOwn(holder, key) ? holder[key] : undefined;
}

function put(holder, key, value) {
  Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
}

function keysOf(pointer) {
  return pointer.split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function write(data, pointer, value) {
  const keys = keysOf(pointer);
  let here = data;
  keys.slice(0, -1).forEach((key, i) => {
    const next = own(here, key);
    const list = /^\d+$/.test(keys[i + 1]);
    if (list ? !isList(next) : !isRecord(next)) put(here, key, list ? [] : {});
    here = here[key];
  });
  const last = keys[keys.length - 1];
  if (value === undefined) {
    if (isList(here)) here[last] = undefined;
    else delete here[last];
  } else put(here, last, value);
}

function read(data, pointer) {
  let here = data;
  for (const key of keysOf(pointer)) {
    here = own(here, key);
    if (here === undefined) return undefined;
  }
  return here;
}

// What is sent: empty objects left by cleared fields are dropped, so a missing object is
// reported once rather than field by field.
function pruned(value) {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : pruned(item)));
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = pruned(item);
      if (kept === undefined) continue;
      if (kept && typeof kept === "object" && !Array.isArray(kept) && !Object.keys(kept).length) continue;
      put(out, key, kept);
    }
    return out;
  }
  return value;
}

// -- the form, drawn from the schema --------------------------------------------------------
function resolve(node) {
  let seen = 0;
  while (node && node.$ref && seen++ < 50) {
    // what is written beside a reference to a call's vocabulary or values, written once for
    // several fields (its title, its description), is the field's own: kept where the
    // schema referred to says nothing of it
    const { $ref: to, ...beside } = node;
    const found = own(state.schema.$defs, to.split("/").pop());
    node = found && (String(to).includes("/vocabulary-") || String(to).includes("/accepted-"))
      ? { ...beside, ...found } : found;
  }
  if (node && node.anyOf) {
    const kept = node.anyOf.filter((choice) => choice.type !== "null");
    if (kept.length === 1) {
      return { ...resolve(kept[0]), title: node.title || kept[0].title,
               [LANG]: node.title ? node[LANG] : kept[0][LANG],
               description: node.description, examples: node.examples || kept[0].examples,
               ...(node.description ? described(node) : {}) };
    }
  }
  return node || {};
}

// The keys of a description's values: where each stands, and the language it is written in.
const DESCRIBED = ["x-callrules-inserted", "x-callrules-around", "x-callrules-inserted-lang"];

function described(node) {
  return Object.fromEntries(DESCRIBED.map((key) => [key, node[key]]));
}

// What a field is for (its schema's description), as children of a paragraph: each value it
// names (a call's label, its id) in a <bdi> of the page's direction, marked with the language
// it is written in when that is not the page's, where the schema says it stands; the text
// whole when the schema does not say it (or says it of other words).
function describedParts(node) {
  const text = String(node.description);
  const [inserted, around, langs] = DESCRIBED.map((key) => node[key]);
  if (!isList(inserted) || !isList(around) || around.length !== inserted.length + 1
      || around.map((words, at) => words + (at < inserted.length ? inserted[at] : "")).join("")
         !== text) return [text];
  const dir = document.documentElement.dir || "ltr";
  return around.flatMap((words, at) => [words, at < inserted.length ? element("bdi", {
    dir, lang: isList(langs) && typeof langs[at] === "string" ? langs[at] : undefined,
    text: String(inserted[at]) }) : ""]).filter((part) => part !== "");
}

function capitalised(text) {
  return text.charAt(0).toLocaleUpperCase(locale()) + text.slice(1);
}

// A code's name in the reader's language, by its shape (the browser's CLDR names): a
// country (FI: Finlande), a language (fi: finnois), a currency (EUR: euro), a subdivision
// by its country's (FI-18: Finlande, FI-18); none when the browser knows no name for it.
function codeName(code) {
  const kind = /^[A-Z]{2}$/.test(code) ? "region" : /^[a-z]{2,3}$/.test(code) ? "language"
    : /^[A-Z]{3}$/.test(code) ? "currency" : null;
  try {
    if (kind) {
      const name = new Intl.DisplayNames([locale()], { type: kind, fallback: "none" }).of(code);
      return name && name !== code ? name : null;
    }
    const found = /^([A-Z]{2})-[A-Z0-9]{1,3}$/.exec(code);
    const country = found && new Intl.DisplayNames([locale()], { type: "region",
                                                                  fallback: "none" }).of(found[1]);
    return country ? `${country}, ${code}` : null;
  } catch (error) {
    return null;  // (a browser without Intl.DisplayNames: the codes alone)
  }
}

// A field of listed codes: a text box whose list (a datalist, searched as typed) offers each
// code by its name; the name beside the box says what the code chosen stands for.
function codedField(id, codes, value) {
  const input = element("input", { type: "text", id, list: `${id}-values`, autocomplete: "off",
                                   spellcheck: "false" });
  input.value = value === undefined || value === null ? "" : String(value);
  input.dataset.codes = "1";
  const list = element("datalist", { id: `${id}-values` });
  const named = element("span", { class: "about", id: `${id}-named` });
  const held = { codes: [], names: new Map(), list,
                 show: () => { named.textContent = held.names.get(input.value) || ""; } };
  CODES.set(input, held);
  recode(input, codes);
  input.addEventListener("input", held.show);
  input.setAttribute("aria-describedby", named.id);
  const box = document.createDocumentFragment();
  box.append(list, named);
  return [input, box];
}

// A coded field's list made `codes` (a subdivision's, once its country is chosen).
function recode(input, codes) {
  const held = CODES.get(input);
  held.codes = codes;
  held.names = new Map(codes.map((code) => [code, codeName(code)]));
  held.list.replaceChildren(...codes.map((code) => element(
    "option", { value: code, label: held.names.get(code) || undefined })));
  held.show();
  // a subdivision's name, which the browser does not have: the service's (look75g F5b)
  const country = codes.length && /^([A-Z]{2})-/.exec(codes[0]);
  if (country) subdivisionNames(input, codes, country[1]);
}

async function subdivisionNames(input, codes, country) {
  let names;
  try {
    names = await (await api(`page/subdivisions/${country}.json`)).json();
  } catch (error) {
    return;  // (the country's name and the code stay)
  }
  const held = CODES.get(input);
  if (held.codes !== codes) return;  // (the country changed meanwhile)
  codes.forEach((code) => { if (names[code]) held.names.set(code, names[code]); });
  held.list.replaceChildren(...codes.map((code) => element(
    "option", { value: code, label: held.names.get(code) || undefined })));
  held.show();
}

// The codes a field may take by the value of another of its object (a location's
// subdivision by its country: the schema's `allOf` of `if` country is X `then` subdivision
// is one of X's), by that field's name: {by: "country", codes: Map(X → codes)} (a Map: a
// field named "constructor" is no property of every object here).
function dependentCodes(node) {
  const out = new Map();
  for (const entry of isList(node.allOf) ? node.allOf : []) {
    const when = entry && entry.if && entry.if.properties;
    const then = entry && entry.then && entry.then.properties;
    if (!when || !then || Object.keys(when).length !== 1) continue;
    const [by] = Object.keys(when);
    if (!when[by] || typeof when[by].const !== "string") continue;
    for (const [name, rule] of Object.entries(then)) {
      const listed = [rule, ...(rule && isList(rule.anyOf) ? rule.anyOf : [])]
        .find((one) => one && isList(one.enum));
      if (!listed) continue;
      if (!out.has(name)) out.set(name, { by, codes: new Map() });
      if (out.get(name).by === by) out.get(name).codes.set(when[by].const, listed.enum);
    }
  }
  return out;
}

// The fields whose codes depend on another's value, by that other's pointer.
let DEPENDENTS = new Map();

// Each coded field's codes and their names, by its box.
const CODES = new WeakMap();

// The code a coded field's text stands for: the code itself, in any case ("fi", "FI"), or
// its name as the reader's language writes it ("Finland", "finlande"); else the text as
// typed, for the service to say why it is not one. ``rewrite``: the box then shows the code.
function coded(input, rewrite) {
  const { codes, names, show } = CODES.get(input);
  const typed = input.value.trim();
  if (typed === "") return undefined;
  // accents, case and apostrophes folded: « Côte d'Ivoire » typed with a keyboard's ' is
  // CLDR's « Côte d’Ivoire »
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "")
    .replace(/[\u2019\u2018\u02bc\u2032`´]/g, "'").toLocaleLowerCase(locale());
  const found = codes.find((code) => fold(code) === fold(typed))
    || codes.find((code) => names.get(code) && fold(names.get(code)) === fold(typed));
  if (found === undefined) return typed;
  if (rewrite && input.value !== found) {
    input.value = found;
    show();
  }
  return found;
}

function title(key, node) {
  if (node.title && node.title !== "Money") return node.title;
  return String(key).replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

function draw(key, raw, pointer, label, depends) {
  const node = label ? { ...resolve(raw), title: label, [LANG]: undefined } : resolve(raw);
  if (node.type === "object" && node.properties) {
    // an object with nothing to fill in (the fields a call asks for, where it asks for none)
    if (!Object.keys(node.properties).length) return document.createDocumentFragment();
    return drawObject(key, node, pointer);
  }
  if (node.type === "array") return drawArray(key, node, pointer);
  return drawField(key, node, pointer, depends);
}

// A part of the form (a fieldset, a field) indexed by its pointer: its list of messages has
// an id, and the part (a field's control) is described by it, so that a screen reader reads
// each message with the field it is about.
function indexed(box, pointer, list, control) {
  const id = `m${state.parts.size}`;
  list.id = id;
  const by = control || box;
  by.setAttribute("aria-describedby",
                  [by.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
  state.parts.set(pointer, { box, list, control, pointer });
  return box;
}

function drawObject(key, node, pointer) {
  const list = element("ul", { class: "messages" });
  const box = element("fieldset", { "data-field": pointer },
                      element("legend", { text: title(key, node), lang: node[LANG] }), list);
  indexed(box, pointer, list);
  const dependent = dependentCodes(node);
  for (const [name, child] of Object.entries(node.properties)) {
    const found = dependent.get(name);
    const depends = found && { ...found, at: join(pointer, found.by) };
    box.append(draw(name, child, join(pointer, name), undefined, depends));
  }
  return box;
}

function drawArray(key, node, pointer) {
  const list = element("ul", { class: "messages" });
  const box = element("fieldset", { "data-field": pointer },
                      element("legend", { text: title(key, node), lang: node[LANG] }), list);
  indexed(box, pointer, list);
  // a list that is not one (an object, a text, pasted): no item drawn, the value kept as it
  // is, and the service's message about it shown beside this part of the form
  const found = read(state.data, pointer);
  const items = isList(found) ? found : [];
  items.forEach((_, index) => {
    // an item named as the service names it (x-callrules-item: « Affiliation 1 »), else
    // titled as its kind (Visitor 1), else as an item of the list, whose title is a plural
    // (« Personnes accueillies, élément 1 »): the titles are in the reader's language, the key is not
    const kind = resolve(node.items || {});
    const number = String(index + 1);
    const named = node["x-callrules-item"] ? node["x-callrules-item"].replace("{n}", number)
      : kind.title ? `${title(key, kind)} ${number}`
        : say("item_title").replace("{title}", title(key, node)).replace("{n}", number);
    const item = draw(index, node.items || {}, join(pointer, index), named);
    item.classList.add("item");
    const remove = element("button", { type: "button", class: "remove", text: say("remove") });
    remove.addEventListener("click", () => {
      const left = read(state.data, pointer);
      left.splice(index, 1);
      // (the messages heard, at the places of the items after this one, moved up with them:
      // an unchanged message is not new for having moved; a check on its way, asked of the
      // form as it was, is dropped)
      shift(pointer, index);
      state.asked++;
      redraw();
      // (the focus, on a button drawn anew, given to the item that took this one's place,
      // else to the list's Add button: never left to the page's body)
      focusOn(index < left.length ? join(pointer, index) : null, pointer);
    });
    item.append(remove);
    box.append(item);
  });
  // « Ajouter une affiliation » where the service words it, else « Ajouter à la liste :
  // Personnes accueillies » (a list's title is a plural)
  const adding = node["x-callrules-add"] || `${say("add_to")} ${title(key, node)}`;
  const add = element("button", { type: "button", class: "add", "data-add": pointer,
                                   text: adding });
  add.addEventListener("click", () => {
    if (!isRecord(state.data)) state.data = {};  // pasted as a list or a text: typed anew
    const list = read(state.data, pointer);
    const fresh = resolve(node.items || {}).type === "object" ? {} : "";
    if (isList(list)) list.push(fresh);
    else write(state.data, pointer, [fresh]);
    redraw();
    focusOn(join(pointer, read(state.data, pointer).length - 1), pointer);
  });
  state.adds.set(pointer, add);
  box.append(add);
  return box;
}

function drawField(key, node, pointer, depends) {
  const id = `f${pointer.replace(/[^A-Za-z0-9]/g, "_")}`;
  const found = read(state.data, pointer);
  // a part where a single value is expected (pasted as a list or an object): shown as written
  const value = found !== null && typeof found === "object" ? JSON.stringify(found) : found;
  let input;
  let choices = "";
  const coded = (node.oneOf || []).filter((choice) => "const" in choice);
  if (node.type === "boolean") {
    // a yes/no question answered yes or no, each sent as such (false for no), unanswered
    // until one is chosen: a box left unchecked said "no" as "not answered" (att82 F7)
    const answer = value === true ? "true" : value === false ? "false" : "";
    // a pasted value that is no yes or no (the text "false", 1) kept as its own option,
    // chosen, with a value of its own: never shown as « Non » beside "yes or no expected"
    const raw = answer || value === undefined || value === null ? null : String(value);
    input = element("select", { id }, element("option", { value: "", text: "" }),
                    element("option", { value: "true", text: capitalised(say("answer_yes")) }),
                    element("option", { value: "false", text: capitalised(say("answer_no")) }),
                    ...(raw === null ? [] : [element("option", { value: `as-pasted:${raw}`,
                                                                  "data-raw": raw, text: raw })]));
    input.value = answer || (raw === null ? "" : `as-pasted:${raw}`);
  } else if (isList(node.enum) && node.enum.length
             && node.enum.every((code) => typeof code === "string")) {
    // codes the schema lists (a country, a language, a currency): typed or picked by their
    // names in the reader's language, searched as typed, the code sent (att82 F8)
    [input, choices] = codedField(id, node.enum, value);
  } else if (depends) {
    // codes listed by another field's value (a subdivision by its country's): the list of
    // the value chosen there, made again as it changes
    const by = read(state.data, depends.at);
    [input, choices] = codedField(id, depends.codes.get(by) || [], value);
    DEPENDENTS.set(depends.at, [...(DEPENDENTS.get(depends.at) || []),
                                (chosen) => recode(input, depends.codes.get(chosen) || [])]);
  } else if (coded.length && node.oneOf.every((choice) => "const" in choice
                                               || "pattern" in choice)) {
    // a vocabulary of the call: each value by its label (the schema's last entry, a
    // pattern of the labels typed back, is no choice of its own); a value outside it
    // (loaded from JSON) is kept and shown as written, so that the service's message can
    // say why
    const known = coded.some((choice) => choice.const === value);
    input = element("select", { id }, element("option", { value: "", text: "" }),
                    ...coded.map((choice) => element("option", {
                      value: choice.const, lang: choice[LANG],
                      text: choice.title || String(choice.const) })),
                    ...(known || value === undefined || value === null || value === ""
                      ? [] : [element("option", { value: String(value), text: String(value) })]));
    input.value = value === undefined || value === null ? "" : String(value);
  } else {
    const type = node.format === "date" ? "date"
      : node.type === "integer" || node.type === "number" ? "number" : "text";
    input = element("input", { type, id, autocomplete: "off", spellcheck: "false",
                               placeholder: node.format === "date-time"
                                 ? "2026-06-01T17:00:00+02:00" : (node.examples || [])[0] });
    input.value = value === undefined || value === null ? "" : String(value);
    if (node.examples && node.examples.length > 1) {
      choices = element("datalist", { id: `${id}-values` },
                        ...node.examples.map((v) => element("option", { value: v })));
      input.setAttribute("list", choices.id);
    }
  }
  input.dataset.pointer = pointer;
  input.dataset.kind = node.type || "string";
  input.addEventListener("input", changed);
  input.addEventListener("change", changed);
  const label = element("label", { for: id, lang: node[LANG], text: title(key, node) });
  // what the field is for, shown under it and read with it (no tooltip a keyboard or a
  // screen reader never reaches)
  const aboutIt = node.description
    ? element("p", { class: "about", id: `${id}-about` }, ...describedParts(node)) : "";
  if (aboutIt) {  // (beside a code's name, said by a field of codes: both read)
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), aboutIt.id]
      .filter(Boolean).join(" "));
  }
  const list = element("ul", { class: "messages" });
  const box = element("div", { class: "field", "data-field": pointer }, label, input, list,
                      aboutIt, choices);
  return indexed(box, pointer, list, input);
}

function changed(event) {
  const input = event.target;
  let value;
  if (input.dataset.kind === "boolean" && ["true", "false"].includes(input.value)) {
    value = input.value === "true";
  } else if (input.dataset.kind === "boolean" && input.selectedOptions[0]?.dataset.raw !== undefined) {
    value = input.selectedOptions[0].dataset.raw;  // (the pasted text, chosen again)
  } else if (input.dataset.codes) {
    value = coded(input, event.type === "change");  // (the box rewritten once left)
  } else if (input.value === "") value = undefined;
  else if (input.dataset.kind === "integer" && /^-?\d+$/.test(input.value)) value = Number(input.value);
  else if (input.dataset.kind === "number" && input.value.trim() !== "" && !Number.isNaN(Number(input.value))) value = Number(input.value);
  else value = input.value;
  if (!isRecord(state.data)) state.data = {};  // pasted as a list or a text: typed anew
  write(state.data, input.dataset.pointer, value);
  (DEPENDENTS.get(input.dataset.pointer) || []).forEach((again) => again(value));
  schedule();
}

// The form is drawn anew when a part is added or removed: the focus, which was on a button
// now gone, is given to the first control of the part at `pointer` (an item added, the item
// that took a removed one's place), else to the Add button of the list at `list`.
function focusOn(pointer, list) {
  const part = pointer === null ? undefined : state.parts.get(pointer);
  const target = part ? part.control || part.box.querySelector("input, select, textarea, button")
    : state.adds.get(list);
  if (target) target.focus();
}

function redraw() {
  const form = $("#form");
  form.replaceChildren();
  state.parts = new Map();
  state.adds = new Map();
  DEPENDENTS = new Map();
  state.shown = new Set();
  if (!state.schema) return;
  for (const [name, child] of Object.entries(state.schema.properties)) {
    form.append(draw(name, child, join("", name)));
  }
  schedule(0);
}

// -- checking as you go ---------------------------------------------------------------------
function schedule(delay = 250) {
  clearTimeout(state.timer);
  state.timer = setTimeout(check, delay);
}

async function check() {
  if (!state.call) return;
  const asked = ++state.asked;
  setVerdict("checking", say("checking"));
  let response, text, sent;
  try {
    sent = JSON.stringify(pruned(state.data));
  } catch (error) {
    // nested deeper than the page can walk (lists in lists, thousands deep): what was
    // pasted is sent as it is, for the service to say what is wrong with it
    sent = state.pasted;
  }
  try {
    response = await api(`calls/${encodeURIComponent(state.call)}/check${zone()}`, {
      method: "POST", body: sent,  // (each message's values listed: isolated below)
      headers: { "Content-Type": "application/json", Prefer: INSERTED } });
    text = await response.text();
  } catch (error) {
    if (asked === state.asked) {
      setVerdict("invalid", say("offline"));
      announce(null);
    }
    return;
  }
  if (asked !== state.asked) return;  // a later check is on its way: this answer is stale
  clearMessages();
  // Every answer the service gives is read: a report or a problem (JSON), or, for a list of
  // applications pasted, a batch's answer (JSON Lines, a line a record); one it could not
  // have given (a proxy's page) is said to be unread, never "the service cannot be reached".
  const batch = /^application\/(jsonl|x-ndjson)\b/.test(response.headers.get("Content-Type") || "");
  let body;
  try {
    body = batch ? text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line))
      : JSON.parse(text);
  } catch (error) {
    body = undefined;
  }
  let placed = new Map();
  let kind = "problem";
  if (batch && isList(body)) [placed, kind] = [showBatch(body), "batch"];
  else if (!isRecord(body)) setVerdict("invalid", say("unreadable"));
  else if (response.ok) [placed, kind] = [showReport(body), "report"];
  else {
    placed = showProblem(body, response.status);
    if (String(body.type || "").endsWith(":not_judged")) kind = "unjudged";
  }
  announce(placed, kind);
  document.body.dataset.checked = String(asked);
}

function showReport(body) {
  const placed = new Map();
  for (const finding of body.errors || []) {
    place(finding.pointer, "", worded(finding, body), "error", placed, about(finding));
  }
  for (const finding of body.warnings || []) {
    place(finding.pointer, "", worded(finding, body), "warning", placed, about(finding));
  }
  flush(placed);
  setVerdict(body.eligible ? "eligible" : "not-eligible",
             say(body.eligible ? "eligible" : "not_eligible"));
  return placed;
}

// What a finding is about, as the next answer's same finding is (its place, code and
// clause, or the key it names), whatever its words: a date typed half, then a character
// more, is the same problem, not a new one to say again. A finding without a code is known
// by its words.
function about(finding) {
  if (!isRecord(finding) || typeof finding.code !== "string") return undefined;
  return [finding.pointer, finding.code, finding.clause, finding.key];
}

function showProblem(body, status) {
  const errors = isList(body.errors) ? body.errors : [];
  const placed = new Map();
  for (const error of errors) {
    place(error.pointer === undefined ? null : error.pointer, "",
          [...where(error), ...worded(error, {}, "detail")], "error", placed, about(error));
  }
  // (a problem with no errors listed: its detail, each value it quotes isolated, or its title)
  if (!errors.length) {
    place(null, "", body.detail ? worded(body, {}, "detail") : [[String(body.title || ""), false]],
          "error", placed);
  }
  flush(placed);
  // a record the call's own rules cannot judge (its problem's type says so) is not an
  // incomplete form: said apart, as the command line says NOT JUDGED
  const unjudged = String(body.type || "").endsWith(":not_judged");
  if (unjudged) setVerdict("not-judged", say("not_judged"));
  else setVerdict("invalid", status === 422 ? say("invalid") : String(body.title || ""));
  return placed;
}

// An error about a key the application wrote (not expected, given twice) names it: the
// service says where in words (« Clé « colour » », « Personne accueillie 2 (Joana Silva) — Nom »),
// since its pointer names no field; this is what goes before its detail, as pieces: each
// value the place inserts isolated where the service says it stands (`place_inserted`,
// `place_around`), as a message's are, or the place whole (an older service).
function where(error) {
  if (typeof error.place !== "string" || !error.place) return [];
  const listed = isList(error.place_inserted);
  const pieces = listed ? worded({ message: error.place, inserted: error.place_inserted,
                                   around: error.place_around })
    : [[error.place, true]];
  return [...pieces, [" — ", false]];
}

// A list of applications pasted, answered as a batch: each record's verdict, then its
// messages, at the top, each headed by the record's number (the form holds one).
function showBatch(records) {
  setVerdict("invalid", say("batch"));
  const placed = new Map();
  records.forEach((record, position) => {
    if (!isRecord(record)) return;
    const number = Number.isInteger(record.index) ? record.index + 1 : position + 1;
    const head = say("record").replace("{n}", number.toLocaleString(locale()));
    const problem = isRecord(record.failure) ? record.failure
      : isRecord(record.problem) ? record.problem : null;
    const verdict = problem ? String(problem.title || "")
      : say(record.eligible ? "record_eligible" : "record_not_eligible");
    place(null, `${head} — ${verdict}`, [], problem || !record.eligible ? "error" : "info",
          placed);
    const lines = [...(isList(record.input_error) ? record.input_error : []),
                   ...(isList(record.errors) ? record.errors : [])];
    for (const finding of lines) {
      // (a problem of a pasted record, said above the form, beside no field: its place in
      // words first, « Personne accueillie 1 — Nom de famille », as the service gives it)
      place(null, `${head} — `,
            isRecord(finding) ? [...where(finding), ...worded(finding, record)] : [], "error",
            placed);
    }
    for (const finding of isList(record.warnings) ? record.warnings : []) {
      place(null, `${head} — `, isRecord(finding) ? worded(finding, record) : [], "warning",
            placed);
    }
  });
  flush(placed);
  return placed;
}

// A long requirement of the call is given whole once in an answer (its texts, by id), and by
// its head (cut, then "…") in the message of every other finding that names it: the message
// is shown with the whole requirement, so that the applicant reads all of it each time.
function whole(finding, body) {
  const message = String(finding.message);
  const ctx = finding.ctx || {};
  const texts = own(body.texts || {}, ctx.requirement_text);
  if (!texts || !ctx.requirement) return message;
  for (const [lang, head] of Object.entries(ctx.requirement)) {
    const text = texts[lang];
    if (typeof head === "string" && typeof text === "string" && head !== text
        && message.includes(head)) {
      return message.replace(head, () => text);
    }
  }
  return message;
}

// The values a message inserts (a call's label, a value typed, a date), as the service lists
// them beside it (`inserted`), a long requirement's head read whole as `whole` reads it: each
// is isolated on the page as the service's HTML report isolates it.
function values(finding, body = {}) {
  const list = isList(finding.inserted) ? finding.inserted.map(String) : [];
  const ctx = finding.ctx || {};
  const texts = own(body.texts || {}, ctx.requirement_text);
  if (!texts || !ctx.requirement) return list;
  return list.map((value) => {
    for (const [lang, head] of Object.entries(ctx.requirement)) {
      if (value === head && typeof texts[lang] === "string") return texts[lang];
    }
    return value;
  });
}

// A finding's message (or a problem's `detail`: `key`) as its pieces, [text, whether a value
// it inserts], a long requirement read whole: cut where the service says each value stands
// (`around`, the words around the values, one more than they), so that a value is isolated
// where it stands, never where the same text stands in other words; an answer that does not
// say it (an older service) has each value found in turn in the message.
function worded(finding, body = {}, key = "message") {
  const message = String(finding[key] === undefined ? "" : finding[key]);
  const inserted = isList(finding.inserted) ? finding.inserted.map(String) : [];
  const around = isList(finding.around) ? finding.around.map(String) : [];
  const shown = values(finding, body);
  const text = key === "message" ? whole(finding, body) : message;
  const joined = (list) => around.map((words, at) => words + (list[at] || "")).join("");
  if (around.length === inserted.length + 1 && joined(inserted) === message
      && joined(shown) === text) {
    const pieces = around.flatMap((words, at) => [[words, false], [shown[at], true]]);
    return pieces.slice(0, -1).filter(([part]) => part);
  }
  return searched(text, shown);
}

// `text` as pieces: each of `inserted` found in turn in it.
function searched(text, inserted) {
  const pieces = [];
  let at = 0;
  for (const value of inserted) {
    const found = value ? text.indexOf(value, at) : -1;
    if (found < 0) continue;
    if (found > at) pieces.push([text.slice(at, found), false]);
    pieces.push([value, true]);
    at = found + value.length;
  }
  if (at < text.length) pieces.push([text.slice(at), false]);
  return pieces;
}

// The verdict shown (« Checking… » too, while a check is on its way); the live region
// (#live) is told of it by `announce`, when it is not the one last said.
function setVerdict(kind, text) {
  const verdict = $("#verdict");
  verdict.className = `verdict ${kind}`;
  verdict.textContent = text;
  if (kind !== "checking") state.verdict = text;
}

// What the live region last told: the verdict, and the messages of the last answer of each
// kind (`report`, the call's rules judged; `unjudged`, the input read but the rules unable
// to judge it, a rate missing; `problem`, the input refused, or the service's problem;
// `batch`, a list of applications). An answer says nothing of what it did not judge: the
// input refused, the rules' findings heard before are kept, not heard anew when the input
// reads again (« Approvals — … missing » said 3 times as an application was filled in).
const KINDS = ["report", "unjudged", "problem", "batch"];

function heard() {
  // (each of KINDS; written out, since the page's state is made before KINDS is defined)
  return { verdict: "", report: [], unjudged: [], problem: [], batch: [] };
}

// What an answer of each kind leaves of what was heard: a report or a list judged, nothing
// else; the rules unable to judge, what they judged before (the input read, its problems
// are gone); the input refused, all.
const KEEPS = { report: [], batch: [], unjudged: ["report"], problem: KINDS };

// The item at `index` of the list at `list` removed: each message heard at a place in an
// item after it moved up with it (« /visitors/2/… » now « /visitors/1/… »), each one in the
// item removed forgotten.
function shift(list, index) {
  const head = `${list}/`;
  const gone = Symbol("in the item removed");
  const moved = (pointer) => {
    if (typeof pointer !== "string" || !pointer.startsWith(head)) return pointer;
    const rest = pointer.slice(head.length);
    const step = rest.split("/", 1)[0];
    if (!/^\d+$/.test(step) || Number(step) < index) return pointer;
    if (Number(step) === index) return gone;
    return `${head}${Number(step) - 1}${rest.slice(step.length)}`;
  };
  for (const kind of KINDS) {
    state.heard[kind] = state.heard[kind].flatMap((message) => {
      const place = moved(message.place);
      const about = message.about && [moved(message.about[0]), ...message.about.slice(1)];
      return place === gone || (about && about[0] === gone) ? []
        : [{ ...message, place, about }];
    });
  }
}

// Which of `now` (messages of an answer) are new to the reader, who heard `before`: each
// heard message, at its place and of its severity, is matched once (two messages alike are
// two), first to one saying the same words, then to one about the same thing in other
// words (a finding reworded as the value is typed); what is left unmatched is new.
function unheard(now, before) {
  const same = (message) => JSON.stringify([message.place, message.severity,
                                            message.about || message.text]);
  const left = new Map();   // by what a message is about: how many heard, unmatched
  const words = new Map();  // by what it is about and its words: the same
  for (const message of before) {
    const key = same(message);
    const worded = JSON.stringify([key, message.text]);
    left.set(key, (left.get(key) || 0) + 1);
    words.set(worded, (words.get(worded) || 0) + 1);
  }
  const keys = now.map(same);
  const matched = now.map((message, i) => {
    const worded = JSON.stringify([keys[i], message.text]);
    if (!words.get(worded)) return false;
    words.set(worded, words.get(worded) - 1);
    left.set(keys[i], left.get(keys[i]) - 1);
    return true;
  });
  return now.filter((message, i) => {
    if (matched[i]) return false;
    if (!left.get(keys[i])) return true;  // nothing heard about it left: new
    left.set(keys[i], left.get(keys[i]) - 1);  // heard, in other words
    return false;
  });
}

// A sentence ended as the page's language ends one, unless it is already (a problem's
// title has no stop: « Unknown time zone » before « New message: … » read as one sentence).
function ended(text) {
  return /[.!?…]$/.test(text) ? text : `${text}${say("sentence_end")}`;
}

// What a screen reader is told of an answer (`placed`, the messages `flush` wrote, of an
// answer of `kind`), once, in one line: the verdict if it is not the one said last, then
// the messages new to the reader (`unheard`): one said whole, beside its field; several
// counted, one of them said, a new one beside the field being typed in first, else one in
// the deepest part holding the focus. Nothing when nothing changed: « Checking… » and an
// answer repeated are never said (before, each check said « Checking… », then the same
// verdict and every message at the top again: 74 messages at once for a list of 16
// applications pasted).
function announce(placed, kind) {
  const memory = state.heard;
  const spoken = [];
  if (state.verdict && state.verdict !== memory.verdict) spoken.push(ended(state.verdict));
  memory.verdict = state.verdict;
  if (placed) {
    const now = [];
    for (const [part, items] of placed) {
      for (const item of items) {
        now.push({ part, item, place: part ? part.pointer : null, severity: item.className,
                   about: ABOUT.get(item) || null, text: item.textContent });
      }
    }
    const fresh = unheard(now, memory[kind]);
    for (const other of KINDS) if (!KEEPS[kind].includes(other)) memory[other] = [];
    memory[kind] = now.map(({ place, severity, about, text }) => ({ place, severity, about,
                                                                     text }));
    if (fresh.length) {
      const focused = document.activeElement;
      // how near the focus: 2 beside the control typed in, 1 in a part holding it (the
      // deeper the part, its pointer's steps, the nearer)
      const near = ({ part }) => (!part || !focused ? 0 : part.control === focused ? 2
        : part.box.contains(focused) ? 1 : 0);
      const depth = ({ part }) => (part ? part.pointer.split("/").length : 0);
      let first = fresh[0];
      for (const message of fresh) {
        const [a, b] = [near(message), near(first)];
        if (a > b || (a === b && a === 1 && depth(message) > depth(first))) first = message;
      }
      // (a part's name, its label or legend, is its box's first child: « Country — Error: … »)
      const named = first.part ? first.part.box.firstElementChild : null;
      const message = named ? `${named.textContent} — ${first.text}` : first.text;
      spoken.push(fresh.length === 1 ? say("new_message").replace("{message}", () => message)
        : say("new_messages").replace("{n}", fresh.length.toLocaleString(locale()))
          .replace("{message}", () => message));
    }
  }
  if (spoken.length) $("#live").textContent = spoken.join(" ");
}

// The messages of the last answer taken away: only from the parts that had some.
function clearMessages() {
  for (const part of state.shown) {
    part.list.replaceChildren();
    part.box.classList.remove("has-error");
    if (part.control) part.control.removeAttribute("aria-invalid");
  }
  state.shown = new Set();
  document.getElementById("other-messages").replaceChildren();
  document.getElementById("other").hidden = true;
}

// A message as a list item: its severity in words, seen and heard (never its colour alone),
// then what it says.
function said(severity, ...children) {
  const head = severity === "info" ? []
    : [element("strong", { class: "severity", text: say(severity) }), " "];
  return element("li", { class: severity }, ...head,
                 element("span", { class: "said" }, ...children));
}

// A message goes beside the field its pointer names, or the nearest enclosing part of the
// form that is drawn (an item removed, a field the schema does not have), or at the top:
// `head` (a record's number, a place), then its `pieces` (`worded`), each value it inserts
// set in a <bdi> of the page's direction, so that a label written right to left leaves the
// words and digits around it in order.
// The messages of one answer are gathered (`placed`), then written at once (`flush`).
function place(pointer, head, pieces, severity, placed, about = undefined) {
  let target;
  let here = pointer;
  while (here !== null && here !== "" && !target) {
    target = state.parts.get(here);
    if (!target) here = parent(here);
  }
  const dir = document.documentElement.dir || "ltr";
  const item = said(severity, ...(head ? [head] : []), ...pieces.map(([text, value]) => (
    value ? element("bdi", { dir, text }) : text)));
  if (about !== undefined) ABOUT.set(item, about);
  const key = target || null;
  if (!placed.has(key)) placed.set(key, []);
  placed.get(key).push(item);
}

function flush(placed) {
  for (const [part, items] of placed) {
    if (!part) {
      document.getElementById("other-messages").append(...items);
      document.getElementById("other").hidden = false;
      continue;
    }
    part.list.append(...items);
    part.box.classList.add("has-error");
    if (part.control && items.some((item) => item.className === "error")) {
      part.control.setAttribute("aria-invalid", "true");
    }
    state.shown.add(part);
  }
}

// -- choosing a language and a call ---------------------------------------------------------
function translatePage() {
  document.documentElement.lang = locale();
  // right to left for Arabic, Hebrew…: the service says each language's direction (CLDR's)
  document.documentElement.dir = say("direction") === "rtl" ? "rtl" : "ltr";
  document.querySelectorAll("[data-label]").forEach((node) => {
    node.textContent = say(node.dataset.label);
  });
}

async function chooseLanguage(lang) {
  state.lang = lang;
  translatePage();
  showUnread();  // (a paste's problem said again, in the language now chosen)
  await loadCalls(state.call);
}

async function loadCalls(selected) {
  const select = $("#call");
  const listed = ++state.listed;
  const calls = await (await api("calls")).json();
  if (listed !== state.listed) return;  // the language changed again meanwhile
  // (a title in another language than the page's marked with its own)
  select.replaceChildren(...calls.map((call) => element("option", {
    value: call.id, text: call.title,
    lang: call.title_language && call.title_language !== state.lang ? call.title_language : null })));
  if (!calls.length) {
    setVerdict("invalid", say("no_calls"));
    announce(null);
    return;
  }
  // The call chosen now: one chosen while the list was on its way (a language changed, then
  // a call picked at once) is kept, never put back to the one chosen when it was asked for.
  const keep = state.call || selected;
  select.value = keep && calls.some((c) => c.id === keep) ? keep : calls[0].id;
  await chooseCall(select.value);
}

async function chooseCall(id) {
  // A new call starts a new application now, not when its schema arrives: an application
  // pasted or typed meanwhile is kept (it was replaced by an empty one when the answer came).
  // (and what the live region said forgotten: the verdict for this call said, as it comes)
  if (id !== state.call) [state.data, state.heard] = [{ call: id }, heard()];
  state.call = id;
  const chosen = ++state.chosen;
  state.asked++;  // a check on its way was asked of what was chosen before: its answer is dropped
  const [call, schema] = await Promise.all([
    api(`calls/${encodeURIComponent(id)}${zone()}`).then((r) => r.json()),
    api(`calls/${encodeURIComponent(id)}/schema`)
      .then(async (r) => [r.ok, await r.json().catch(() => undefined)])]);
  // Another call (or zone) chosen meanwhile: these answers are for what is no longer shown.
  if (chosen !== state.chosen) return;
  $("#checklist").innerHTML = call.checklist ? call.checklist.html : "";
  // A schema refused (too large for the service, the service busy): no form drawn, the
  // problem's detail said where the verdict goes (look75v 4a: the form silently not drawn).
  const [drawn, body] = schema;
  state.schema = drawn ? body : null;
  redraw();
  if (drawn) return;
  clearTimeout(state.timer);
  setVerdict("invalid", isRecord(body) && (body.detail || body.title)
    ? String(body.detail || body.title) : say("unreadable"));
}

// Why a text pasted is not JSON, in the reader's words: where, as a person counts (line
// and character from 1, a line ended by a new line, a carriage return or both), when the
// browser's parser gives a position; never the parser's own English words.
// The problem of the text pasted last, if it did not read, in the page's language now.
// It is said in a live region and describes the box (marked invalid meanwhile), so that a
// screen reader says it when it comes and again on the box.
function showUnread() {
  const box = $("#json");
  $("#load-messages").replaceChildren();
  box.removeAttribute("aria-invalid");
  if (!state.unread) return;
  $("#load-messages").append(said("error", unread(...state.unread)));
  box.setAttribute("aria-invalid", "true");
}

function unread(text, error) {
  if (!text.trim()) return say("json_empty");
  const found = /\bposition (\d+)/.exec(String(error && error.message));
  if (!found) return say("json_unread");
  const before = text.slice(0, Number(found[1]));
  const lines = before.split(/\r\n|\r|\n/);
  const number = (n) => n.toLocaleString(locale());
  return say("json_unread_at").replace("{line}", number(lines.length))
    .replace("{column}", number(Array.from(lines[lines.length - 1]).length + 1));
}

// The zones the service takes (callrules._time.is_place): a place's, or UTC. A twin of that
// rule: tests/test_page.py asks both of every zone name, so that they cannot drift apart.
function isPlace(name) {
  return ["UTC", "Etc/UTC"].includes(name) ||
    (name.includes("/") && !/^(Etc|posix|right|SystemV)\//.test(name));
}

async function start() {
  state.labels = await (await fetch("labels.json")).json();
  // a language is offered where its catalogs word every word of the page's: never a page
  // marked Arabic, right to left, in English words (a platform's catalog older than them)
  LANGUAGES = Object.keys(state.labels).filter((lang) => state.labels[lang].language_name &&
    !state.labels[lang].in_english);
  const asked = new URLSearchParams(location.search).get("lang");
  // (each tag whole: a platform's zh_TW is picked by ?lang=zh-TW, never by its first part)
  const preferred = [asked, ...(navigator.languages || [])].filter(Boolean)
    .map(offered).find(Boolean);
  state.lang = preferred || "en";
  $("#language").replaceChildren(...LANGUAGES.map((lang) =>
    element("option", { value: lang, lang, text: state.labels[lang].language_name })));
  $("#language").value = state.lang;
  try {
    // The browser's zone if the service takes it: a place's zone or UTC, never a fixed
    // offset (Etc/GMT+3, which a system set to "UTC-03:00" gives) or a legacy name, which
    // the service refuses; otherwise none, and instants are shown in the call's zone only.
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    $("#zone").value = isPlace(own) ? own : "";
  } catch (error) { /* no zone known: instants are shown in the call's zone only */ }
  $("#language").addEventListener("change", (e) => chooseLanguage(e.target.value));
  $("#call").addEventListener("change", (e) => chooseCall(e.target.value));
  $("#zone").addEventListener("change", () => chooseCall(state.call));
  $("#load").addEventListener("click", () => {
    const text = $("#json").value;
    try {
      state.data = JSON.parse(text);
      state.pasted = text;
      state.unread = null;
    } catch (error) {
      state.unread = [text, error];
      showUnread();
      return;
    }
    showUnread();
    // (what the live region said forgotten: the verdict of what is loaded said, even the same
    // as before; a check on its way, asked of what was there, dropped)
    state.heard = heard();
    state.asked++;
    redraw();
  });
  translatePage();
  await loadCalls(null);
}

start();
