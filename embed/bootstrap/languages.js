/* Part 2 of the bootstrap: language tags as the core reads them, and the language files. */
  /* Language tags as core::lang reads them (src/core/lang.rs): BCP 47 lookup, with the
     mappings lookup alone gets wrong (Chinese by script, Norwegian, retired codes). */
  function fallbacks(tag) {
    tag = String(tag).trim();
    if (tag.length > 35 || !/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag)) return [];
    var sub = tag.toLowerCase().split("-");
    var has = function (s) {
      return sub.indexOf(s, 1) > 0;
    };
    var p = sub[0];
    var mapped = p === "zh" ? (has("hant") || has("tw") || has("hk") || has("mo") ? "zh-Hant" : "zh-Hans") : { no: "nb", nn: "nb", iw: "he", in: "id", ji: "yi" }[p];
    var beforeBare = p !== "nn";
    var out = [tag];
    for (var end = sub.length; end > 1; ) {
      end--;
      if (end > 1 && sub[end - 1].length === 1) end--;
      if (end === 1 && beforeBare && mapped) out.push(mapped);
      out.push(tag.split("-").slice(0, end).join("-"));
    }
    if ((sub.length === 1 || !beforeBare) && mapped) out.push(mapped);
    return out.filter(function (t, i) {
      return i === 0 || t.toLowerCase() !== out[i - 1].toLowerCase();
    });
  }
  /* The first of `offered` that answers one of `requested`, in order (core::lang::negotiate). */
  function negotiate(requested, offered) {
    for (var i = 0; i < requested.length; i++) {
      var tries = fallbacks(requested[i] || "");
      for (var j = 0; j < tries.length; j++) {
        for (var k = 0; k < offered.length; k++) {
          if (String(offered[k]).toLowerCase() === tries[j].toLowerCase()) return offered[k];
        }
      }
    }
    return null;
  }
  /* <html lang>, then the browser's languages (page::languages). */
  function pageLanguages() {
    var lang = document.documentElement.getAttribute("lang");
    return (lang === null ? [] : [lang]).concat(Array.prototype.slice.call(navigator.languages || []));
  }
  var texts = {};
  /* The text of i18n/<tag>.json, checked against its SHA-384. */
  function loadLanguage(tag) {
    texts[tag] =
      texts[tag] ||
      fetchOwn("i18n/" + tag + ".json").then(function (r) {
        return r.text();
      });
    return texts[tag];
  }
  /* The language file the core will most likely ask for, fetched while everything else loads
     (the core decides; this only starts the download early). */
  var first = negotiate(pageLanguages(), BUILD.languages) || "en";
  if (first !== "en") loadLanguage(first).catch(function () {});
