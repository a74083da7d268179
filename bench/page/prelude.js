// Page side of the tracker benchmark, loaded first in <head> of the product page.
//
// It records long tasks from the start, and exposes window.__bench, which the harness calls to
// load one tracker, send the shop's three events through that tracker's own API, and run the
// burst. Every tracker script comes from the local sink (config.base + '/t/<name>/...') and
// sends only there. Chromium runs this file as served, with no build step.
(function () {
  'use strict';

  var longTasks = [];
  var longTasksSupported = true;
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (entry) {
        longTasks.push({ start: entry.startTime, duration: entry.duration });
      });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    longTasksSupported = false;
  }

  // The demo page's product, filled in by load().
  var product = null;
  var adapter = null;
  var plausible = null;

  function loadScript(src, attributes) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.async = true;
      script.src = src;
      Object.keys(attributes || {}).forEach(function (name) {
        script.setAttribute(name, attributes[name]);
      });
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('failed to load ' + src)); };
      document.head.appendChild(script);
    });
  }

  // Polls `condition` every 10 ms until it is true, or rejects after `timeoutMs`.
  function waitFor(condition, timeoutMs, description) {
    var deadline = performance.now() + timeoutMs;
    return new Promise(function (resolve, reject) {
      (function check() {
        if (condition()) return resolve();
        if (performance.now() > deadline) return reject(new Error('timed out after ' + timeoutMs + ' ms waiting for ' + description));
        setTimeout(check, 10);
      })();
    });
  }

  // E-commerce event names and properties follow the Segment e-commerce spec, which RudderStack
  // also documents. PostHog and Plausible take any event name. Each event carries a marker
  // property ("bench-view" and so on) so the sink can count it in any payload format.
  function specProperties(marker, quantity) {
    return { product_id: product.id, sku: product.id, name: product.name, price: product.price, quantity: quantity, currency: 'USD', bench: marker };
  }

  function orderProperties(orderId) {
    return {
      order_id: orderId,
      total: product.price,
      revenue: product.price,
      currency: 'USD',
      products: [{ product_id: product.id, sku: product.id, name: product.name, price: product.price, quantity: 1 }],
      bench: 'bench-purchase',
    };
  }

  var adapters = {
    pc: {
      load: function (config) {
        window.pc = window.pc || function () { (window.pc.q = window.pc.q || []).push(arguments); };
        return loadScript(config.base + '/t/pc/pc.js', { 'data-shop-id': config.pcShopId, 'data-api': config.base + '/t/pc' });
      },
      view: function () { window.pc('view', product.id); },
      cart: function () { window.pc('cart', { id: product.id, amount: 1 }); },
      purchase: function (orderId) {
        window.pc('purchase', { items: [{ id: product.id, amount: 1, price: product.price }], order_id: orderId, order_price: product.price });
      },
      burst: function (i) { window.pc('view', 'BURST-' + i); },
    },

    segment: {
      // The standalone bundle reads its write key and CDN from the window.analytics queue, fetches
      // <cdn>/v1/projects/<key>/settings, loads its chunks from <cdn>/analytics-next/bundles/,
      // then replaces the queue with the live instance.
      load: function (config) {
        var queue = [];
        queue._writeKey = config.segmentWriteKey;
        queue._cdn = config.base + '/t/segment';
        window.analytics = queue;
        return loadScript(config.base + '/t/segment/analytics.js')
          .then(function () { return waitFor(function () { return !Array.isArray(window.analytics); }, 15000, 'Segment to replace its queue'); })
          .then(function () { return window.analytics.ready(); });
      },
      view: function () { window.analytics.track('Product Viewed', specProperties('bench-view', 1)); },
      cart: function () { window.analytics.track('Product Added', specProperties('bench-cart', 1)); },
      purchase: function (orderId) { window.analytics.track('Order Completed', orderProperties(orderId)); },
      burst: function (i) { window.analytics.track('Product Viewed', { product_id: 'BURST-' + i }); },
    },

    posthog: {
      // array.js is the file PostHog's snippet loads. Automatic page views are off so that the
      // only page-view event is the explicit one below, as for every other tracker. PostHog drops
      // every event from a user agent that looks like a bot, and headless Chromium's contains
      // "HeadlessChrome", so that filter is off.
      load: function (config) {
        return loadScript(config.base + '/t/posthog/array.js').then(function () {
          return new Promise(function (resolve) {
            window.posthog.init(config.posthogToken, {
              api_host: config.base + '/t/posthog',
              capture_pageview: false,
              opt_out_useragent_filter: true,
              loaded: function () { resolve(); },
            });
          });
        });
      },
      view: function () { window.posthog.capture('Product Viewed', specProperties('bench-view', 1)); },
      cart: function () { window.posthog.capture('Product Added', specProperties('bench-cart', 1)); },
      purchase: function (orderId) { window.posthog.capture('Order Completed', orderProperties(orderId)); },
      burst: function (i) { window.posthog.capture('Product Viewed', { product_id: 'BURST-' + i }); },
    },

    rudderstack: {
      // The UMD build defines window.rudderanalytics = { RudderAnalytics }; the constructor then
      // puts the instance on window.rudderanalytics. Plugins are inside this build, and the
      // plugin and destination URLs point at the sink so nothing is fetched from the vendor's CDN.
      load: function (config) {
        return loadScript(config.base + '/t/rudderstack/rsa.js').then(function () {
          var analytics = new window.rudderanalytics.RudderAnalytics();
          return new Promise(function (resolve) {
            analytics.load(config.rudderstackWriteKey, config.base + '/t/rudderstack/dp', {
              configUrl: config.base + '/t/rudderstack/config',
              pluginsSDKBaseURL: config.base + '/t/rudderstack/plugins',
              destSDKBaseURL: config.base + '/t/rudderstack/destinations',
            });
            analytics.ready(function () { resolve(); });
          });
        });
      },
      view: function () { window.rudderanalytics.track('Product Viewed', specProperties('bench-view', 1)); },
      cart: function () { window.rudderanalytics.track('Product Added', specProperties('bench-cart', 1)); },
      purchase: function (orderId) { window.rudderanalytics.track('Order Completed', orderProperties(orderId)); },
      burst: function (i) { window.rudderanalytics.track('Product Viewed', { product_id: 'BURST-' + i }); },
    },

    plausible: {
      // The package is an ES module, loaded here unbundled with a dynamic import().
      // plausible.js drops every event while navigator.webdriver is true (as it is under
      // Playwright) unless window.__plausible is set, and drops events on 127.0.0.1 unless
      // captureOnLocalhost is true.
      load: function (config) {
        window.__plausible = true;
        return import(config.base + '/t/plausible/plausible.js').then(function (module) {
          module.init({
            domain: location.hostname,
            endpoint: config.base + '/t/plausible/api/event',
            autoCapturePageviews: false,
            captureOnLocalhost: true,
            logging: false,
          });
          plausible = module;
        });
      },
      view: function () { plausible.track('Product Viewed', { props: { product_id: product.id, bench: 'bench-view' } }); },
      cart: function () { plausible.track('Product Added', { props: { product_id: product.id, bench: 'bench-cart' } }); },
      purchase: function (orderId) {
        plausible.track('Order Completed', { props: { order_id: orderId, bench: 'bench-purchase' }, revenue: { amount: product.price, currency: 'USD' } });
      },
      burst: function (i) { plausible.track('Product Viewed', { props: { product_id: 'BURST-' + i } }); },
    },
  };

  function epochNow() {
    return performance.timeOrigin + performance.now();
  }

  window.__bench = {
    /** Loads and starts one tracker. Resolves with the time it took once the tracker reports that it is ready. */
    load: function (name, config) {
      adapter = adapters[name];
      if (!adapter) return Promise.reject(new Error('unknown tracker "' + name + '": use one of ' + Object.keys(adapters).join(', ')));
      product = config.product;
      var started = performance.now();
      return adapter.load(config).then(function () { return performance.now() - started; });
    },

    /** Sends one shop event ('view', 'cart' or 'purchase') and returns the call's time in epoch milliseconds. */
    send: function (kind, orderId) {
      var at = epochNow();
      adapter[kind](orderId);
      return at;
    },

    /** Makes `count` track-style calls in one task and returns how long the loop itself took in ms. */
    burst: function (count) {
      var started = performance.now();
      for (var i = 0; i < count; i++) adapter.burst(i);
      return performance.now() - started;
    },

    /** Returns the count and total duration of long tasks that started in [from, to), or null when unsupported. */
    longTasks: function (from, to) {
      if (!longTasksSupported) return null;
      var inWindow = longTasks.filter(function (task) { return task.start >= from && task.start < to; });
      return {
        count: inWindow.length,
        totalMs: inWindow.reduce(function (sum, task) { return sum + task.duration; }, 0),
      };
    },
  };
})();
