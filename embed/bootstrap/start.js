/* Part 9 of the bootstrap, last: which path this page view takes, and the start-up. */
  function startFull() {
    Promise.all([load("consent-gate-ui"), config])
      .then(function (ready) {
        /* A task of its own: compiling the wasm and starting it would otherwise be one long
           task (over 50 ms on a 2-core machine) that holds the page's input. */
        return new Promise(function (next) {
          setTimeout(next, 0);
        }).then(function () {
          ready[0].boot(boot);
        });
      })
      .catch(function (e) {
        unpaint();
        fail(e);
      });
  }
  /* A first visit: the banner painted as soon as the config and the page allow, then the
     full build, after that frame; a config that cannot be painted early: the full build. */
  function paintThenStart() {
    var started = false;
    var start = function () {
      if (!started) startFull();
      started = true;
    };
    Promise.resolve(config).then(function () {
      whenReady(function () {
        Promise.resolve(configText())
          .then(function (text) {
            return text === null ? start() : firstPaint(text);
          })
          .then(function (k) {
            if (!k || started) return;
            paint(k);
            afterPainted(start);
          })
          .catch(start);
      });
    });
  }
  /* Runs `then` once the painted banner is on screen, so the full build takes neither
     bandwidth nor the main thread from it: when the banner becomes the page's largest
     contentful paint, once the browser has recorded it (a page speed tool then sees the
     banner depend on this file and the config alone); else a frame later. A page in a
     background tab gets no frames: at most 1 s. */
  function afterPainted(then) {
    var done = false;
    var go = function () {
      if (!done) setTimeout(then, 0);
      done = true;
    };
    var frame = function () {
      requestAnimationFrame(function () {
        requestAnimationFrame(go);
      });
    };
    var after = performance.now();
    var text = painted && painted.root.querySelector(".cg-text");
    var box = text && text.getBoundingClientRect();
    var area = box ? Math.max(0, Math.min(box.right, innerWidth) - Math.max(box.left, 0)) * Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0)) : 0;
    try {
      var watch = new PerformanceObserver(function (list) {
        var entries = list.getEntries();
        var largest = 0;
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].startTime >= after) return watch.disconnect(), go();
          largest = Math.max(largest, entries[i].size);
        }
        /* Something larger was painted before: the banner will not be reported. */
        if (largest >= area) watch.disconnect(), frame();
      });
      watch.observe({ type: "largest-contentful-paint", buffered: true });
    } catch (e) {
      frame(); /* no Largest Contentful Paint in this browser */
    }
    setTimeout(go, 1000);
  }
  function stored() {
    var shared = sharedCookie();
    /* a choice made on another subdomain (consentDomain); a reset mark ("!<ms>") is none */
    if (shared && shared.record.charAt(0) !== "!") return true;
    try {
      return localStorage.getItem("consent-gate") !== null;
    } catch (e) {
      return false; /* storage blocked: every page view is a first visit */
    }
  }
  try {
    plan = storedPlan();
    if (!plan && !stored()) paintThenStart();
    else if (!plan) startFull();
    else
      Promise.resolve(config)
        .then(function () {
          /* A fetched config: the signals need not wait for the page. */
          var early = boot.configText !== null && holds(plan, boot.configText);
          if (early) applySignals();
          whenReady(function () {
            try {
              if (!early) {
                var text = configText();
                /* the plan is for another config text, region, signal or time: a visitor
                   with no record may get the early banner */
                if (text === null || !holds(plan, text)) return stored() ? startFull() : paintThenStart();
                applySignals();
              }
              applyPage();
            } catch (e) {
              fail(e);
            }
          });
        })
        .catch(fail);
  } catch (e) {
    fail(e);
  }
