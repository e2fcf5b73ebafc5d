/* Events as one canvas layer: see geo/view/points.py. Every string from the data is set
   with textContent; none is ever parsed as HTML or evaluated. Defined once per page. */
if (!window.GeoPoints) window.GeoPoints = (function () {
  "use strict";
  var GOLDEN = Math.PI * (3 - Math.sqrt(5)), Q24 = 16777215, PANE = "geoPointsPane";
  var DENSE = 8000, CELL = 3, DENSITY_PX = 24;  // DENSITY_PX: geo/view/points.py  // more points than DENSE in view: drawn as CELL-px cells

  function bytes(b64) {
    var s = atob(b64), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function column(col, n) {
    if (!col) return null;
    var b = bytes(col.d);
    if (col.k === "u8") return b;
    if (col.k === "u16") return new Uint16Array(b.buffer, 0, n);
    if (col.k === "i32") return new Int32Array(b.buffer, 0, n);
    var out = new Uint32Array(n);  // u24
    for (var i = 0, j = 0; i < n; i++, j += 3) out[i] = b[j] | (b[j + 1] << 8) | (b[j + 2] << 16);
    return out;
  }
  function utf8(b64) { return new TextDecoder("utf-8").decode(bytes(b64)); }
  function isoDay(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  function decode(payload) {
    var n = payload.n, c = payload.cols, meta = JSON.parse(utf8(payload.meta));
    var d = {n: n, meta: meta, qlat: column(c.lat, n), qlon: column(c.lon, n), type: column(c.type, n),
             colour: column(c.colour, n), who: column(c.who, n), day: column(c.day, n), more: column(c.more, n),
             span: column(c.span, n), prec: column(c.prec, n), place: column(c.place, n), rank: column(c.rank, n),
             state: column(c.state, n)};
    d.ids = n ? utf8(payload.ids).split("\n") : [];
    // Web-Mercator x, y in [0, 1] of the world, once.
    d.mx = new Float64Array(n); d.my = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var lat = d.qlat[i] / Q24 * 180 - 90, lon = d.qlon[i] / Q24 * 360 - 180;
      var s = Math.sin(Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180);
      d.mx[i] = (lon + 180) / 360;
      d.my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }
    return d;
  }
  // Published payloads (geo/view/published.py), fetched and decoded once per page: a rerun of
  // the app re-creates the layer with the same URL and only a new view (mask, selection).
  var loaded = {};
  // A ".gz" payload is inflated here (the server hands it out as it is, instead of gzipping
  // the plain JSON again for each visitor); a browser without DecompressionStream fetches the
  // plain copy published beside it.
  function fetchJson(src) {
    var inflate = /\.gz$/.test(src) && typeof DecompressionStream === "function";
    var url = inflate ? src : src.replace(/\.gz$/, "");
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      return inflate ? new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json() : r.json();
    });
  }
  function load(src, done, fail) {
    var entry = loaded[src];
    if (entry && entry.d) { done(entry.d); return; }
    if (!entry) {
      entry = loaded[src] = {d: null, waiting: []};
      fetchJson(src).then(function (payload) {
        entry.d = decode(payload);
        entry.waiting.forEach(function (w) { w[0](entry.d); });
        entry.waiting = [];
      }).catch(function (err) {
        delete loaded[src];
        entry.waiting.forEach(function (w) { w[1](err); });
      });
    }
    entry.waiting.push([done, fail]);
  }
  // Which points a view shows, their colours, and the spiral rank of each among the shown
  // points at its place (so the first shown at a place stays on it).
  function applyView(d, view) {
    var meta = d.meta, n = d.n, idx, i, j, m;
    if (view && view.mask) {
      var bits = bytes(view.mask);
      m = 0;
      for (i = 0; i < n; i++) if ((bits[i >> 3] >> (i & 7)) & 1) m++;
      idx = new Int32Array(m);
      for (i = 0, j = 0; i < n; i++) if ((bits[i >> 3] >> (i & 7)) & 1) idx[j++] = i;
    } else {
      idx = new Int32Array(n);
      for (i = 0; i < n; i++) idx[i] = i;
    }
    var colour = d.colour, palette = meta.palette, legend = meta.legend, sel = meta.sel;
    if (view) {
      sel = view.sel;
      if (view.colourOf && d.state) {
        var other = view.palette.length - 1, of = view.colourOf;
        colour = new Uint8Array(n);
        for (j = 0; j < idx.length; j++) {
          i = idx[j];
          var c = of[d.state[i]];
          colour[i] = c === undefined ? other : c;
        }
        palette = view.palette; legend = view.legend;
      }
    }
    var rank = new Uint16Array(n), count = new Map(), key, r;
    for (j = 0; j < idx.length; j++) {
      i = idx[j]; key = d.qlat[i] * 16777216 + d.qlon[i];
      r = count.get(key) || 0;
      rank[i] = Math.min(r, 65535); count.set(key, r + 1);
    }
    return {idx: idx, colour: colour, palette: palette, legend: legend, sel: sel, rank: rank, count: count};
  }
  function latlng(d, i) { return L.latLng(d.qlat[i] / Q24 * 180 - 90, d.qlon[i] / Q24 * 360 - 180); }

  function shapePath(p, shape, x, y, r) {
    if (shape === 1) { p.moveTo(x, y - r * 1.2); p.lineTo(x + r * 1.1, y + r * 0.8); p.lineTo(x - r * 1.1, y + r * 0.8); p.closePath(); }
    else if (shape === 2) { p.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8); }
    else if (shape === 3) { p.moveTo(x, y - r * 1.25); p.lineTo(x + r * 1.1, y); p.lineTo(x, y + r * 1.25); p.lineTo(x - r * 1.1, y); p.closePath(); }
    else { p.moveTo(x + r, y); p.arc(x, y, r, 0, 2 * Math.PI); }
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  var Layer = L.Layer.extend({
    initialize: function (payload, options) {
      L.setOptions(this, options || {});
      this._payload = payload;
      this._d = payload.src ? null : decode(payload);
      this._v = this._d ? applyView(this._d, payload.view) : null;
      this._popup = null;
    },
    onAdd: function (map) {
      if (!map.getPane(PANE)) {
        var pane = map.createPane(PANE);
        pane.style.zIndex = 450; pane.style.pointerEvents = "none";
      }
      var canvas = this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide " + (this.options.className || ""));
      canvas.style.position = "absolute";
      map.getPane(PANE).appendChild(canvas);
      this._density = this.options.mode === "density";
      this._onClick = L.bind(this._click, this);
      this._onMove = L.bind(this._hover, this);
      if (!this._density) {
        L.DomEvent.on(map.getContainer(), "click", this._onClick);
        L.DomEvent.on(map.getContainer(), "mousemove", this._onMove);
      }
      map.on("moveend zoomend resize viewreset", this._schedule, this);
      var self = this;
      var ready = function (d) {
        if (!self._map || !self._canvas) return;  // removed while loading
        if (!self._v) { self._d = d; self._v = applyView(d, self._payload.view); }
        self._canvas.setAttribute("data-n", String(self._v.idx.length));
        self._legend = (self._density ? self._makeDensityLegend() : self._makeLegend()).addTo(self._map);
        self._redraw();
      };
      if (this._d) ready(this._d);
      else load(this._payload.src, ready, function (err) {
        if (self._canvas) self._canvas.setAttribute("data-error", String(err && err.message || err));
        if (window.console) console.error("event points:", err);
      });
    },
    onRemove: function (map) {
      L.DomEvent.off(map.getContainer(), "click", this._onClick);
      L.DomEvent.off(map.getContainer(), "mousemove", this._onMove);
      map.off("moveend zoomend resize viewreset", this._schedule, this);
      if (this._tip) map.closeTooltip(this._tip);
      if (this._popup && map.hasLayer(this._popup)) map.closePopup(this._popup);
      if (this._legend) this._legend.remove();
      L.DomUtil.remove(this._canvas);
      this._canvas = null; this._grid = null;
    },
    getBounds: function () {
      var d = this._d, b = L.latLngBounds([]);
      if (!d) return b;
      for (var j = 0; j < this._v.idx.length; j++) b.extend(latlng(d, this._v.idx[j]));
      return b;
    },

    // Pixel position of point i in container coordinates (wrapped to the copy nearest the view).
    _pos: function (i, s) {
      var d = this._d, x = d.mx[i] * s.size - s.ox, y = d.my[i] * s.size - s.oy;
      x -= Math.round((x - s.cx) / s.size) * s.size;
      if (s.spiral && this._v.rank[i]) {
        var k = this._v.rank[i], r = s.step * Math.sqrt(k), a = k * GOLDEN;
        x += r * Math.cos(a); y += r * Math.sin(a);
      }
      return [x, y];
    },
    _state: function () {
      var map = this._map, zoom = map.getZoom(), size = 256 * Math.pow(2, zoom);
      var origin = map.getPixelOrigin(), topLeft = map.containerPointToLayerPoint([0, 0]);
      var view = map.getSize();
      return {size: size, ox: origin.x + topLeft.x, oy: origin.y + topLeft.y, cx: view.x / 2, w: view.x, h: view.y,
              spiral: zoom >= this._d.meta.spiralZoom, step: this._d.meta.spiralPx, zoom: zoom};
    },
    // One redraw per frame, however many of moveend/zoomend/viewreset fired.
    _schedule: function () {
      if (this._pending) return;
      this._pending = true;
      var self = this;
      L.Util.requestAnimFrame(function () { self._pending = false; self._redraw(); });
    },
    _redraw: function () {
      if (!this._map || !this._canvas || !this._v) return;
      var t0 = performance.now(), map = this._map, d = this._d, meta = d.meta, canvas = this._canvas;
      var v = this._v, idx = v.idx, m = idx.length, rank = v.rank, colour = v.colour, palette = v.palette;
      var s = this._state(), ratio = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = s.w * ratio; canvas.height = s.h * ratio;
      canvas.style.width = s.w + "px"; canvas.style.height = s.h + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      // xs/ys[j] is the pixel position of point idx[j] (the j-th shown point)
      var inView = 0, xs = new Float32Array(m), ys = new Float32Array(m), i, j, x, y, k, a, rr;
      for (j = 0; j < m; j++) {  // _pos, inlined: 100,000 points per redraw
        i = idx[j];
        x = d.mx[i] * s.size - s.ox; y = d.my[i] * s.size - s.oy;
        x -= Math.round((x - s.cx) / s.size) * s.size;
        if (s.spiral && (k = rank[i])) { rr = s.step * Math.sqrt(k); a = k * GOLDEN; x += rr * Math.cos(a); y += rr * Math.sin(a); }
        xs[j] = x; ys[j] = y;
        if (x > -8 && y > -8 && x < s.w + 8 && y < s.h + 8) inView++;
      }
      var r = inView > 20000 ? 2 : inView > 3000 ? 3 : inView > 300 ? 4 : 5;
      this._r = r;
      if (this._density) {
        this._drawDensity(ctx, xs, ys, s);
      } else if (inView > DENSE) {
        // Aggregate: one CELL-px square per occupied cell, in the colour of the last point drawn
        // there (shapes show from the zoom where fewer points are in view).
        var gw = Math.ceil(s.w / CELL), gh = Math.ceil(s.h / CELL), cells = new Int32Array(gw * gh).fill(-1);
        for (j = 0; j < m; j++) {
          x = xs[j]; y = ys[j];
          if (x < 0 || y < 0 || x >= s.w || y >= s.h) continue;
          cells[Math.floor(y / CELL) * gw + Math.floor(x / CELL)] = idx[j];
        }
        var byColour = {};
        for (k = 0; k < cells.length; k++) {
          if (cells[k] < 0) continue;
          var col = colour[cells[k]];
          (byColour[col] || (byColour[col] = [])).push(k);
        }
        for (var ck in byColour) {
          ctx.fillStyle = palette[ck];
          var list = byColour[ck];
          for (var j = 0; j < list.length; j++) ctx.fillRect((list[j] % gw) * CELL, Math.floor(list[j] / gw) * CELL, CELL, CELL);
        }
        canvas.setAttribute("data-mode", "cells");
      } else {
        var paths = {};
        for (j = 0; j < m; j++) {
          x = xs[j]; y = ys[j]; i = idx[j];
          if (x < -8 || y < -8 || x > s.w + 8 || y > s.h + 8) continue;
          var shape = meta.shapes[d.type[i]], key = colour[i] * 4 + shape;
          var path = paths[key] || (paths[key] = new Path2D());
          shapePath(path, shape, x, y, r);
        }
        ctx.lineWidth = r >= 3 ? 1 : 0.5; ctx.strokeStyle = "rgba(255,255,255,0.9)";
        for (var pk in paths) {
          ctx.fillStyle = palette[Math.floor(pk / 4)];
          ctx.fill(paths[pk]);
          if (r >= 3) ctx.stroke(paths[pk]);
        }
        canvas.setAttribute("data-mode", "shapes");
      }
      if (v.sel >= 0 && !this._density) {
        var js = this._slot(v.sel);
        if (js >= 0) {
          ctx.beginPath(); ctx.arc(xs[js], ys[js], r + 5, 0, 2 * Math.PI);
          ctx.lineWidth = 3; ctx.strokeStyle = "#111"; ctx.stroke();
        }
      }
      this._xs = xs; this._ys = ys; this._grid = null;
      var draws = (+canvas.getAttribute("data-draws") || 0) + 1;
      canvas.setAttribute("data-draws", String(draws));
      canvas.setAttribute("data-in-view", String(inView));
      if (!this._density) window.__geoPoints = {n: m, inView: inView, draws: draws, ms: performance.now() - t0, at: performance.now()};
    },
    // Nearest point within the marker's reach of a container point, or -1.
    // Events per DENSITY_PX cell of the screen, as translucent squares from yellow to red
    // (log scale of the busiest cell in view).
    _drawDensity: function (ctx, xs, ys, s) {
      var cell = DENSITY_PX, gw = Math.ceil(s.w / cell), gh = Math.ceil(s.h / cell);
      var counts = new Uint32Array(gw * gh), top = 0, j, k, x, y;
      for (j = 0; j < xs.length; j++) {
        x = xs[j]; y = ys[j];
        if (x < 0 || y < 0 || x >= s.w || y >= s.h) continue;
        k = Math.floor(y / cell) * gw + Math.floor(x / cell);
        if (++counts[k] > top) top = counts[k];
      }
      var scale = Math.log(top + 1) || 1, cells = 0;
      for (k = 0; k < counts.length; k++) {
        if (!counts[k]) continue;
        var t = Math.log(counts[k] + 1) / scale;  // 0..1
        ctx.fillStyle = "rgba(" + 255 + "," + Math.round(220 - 190 * t) + "," + Math.round(90 - 80 * t) + "," + (0.25 + 0.45 * t).toFixed(2) + ")";
        ctx.fillRect((k % gw) * cell, Math.floor(k / gw) * cell, cell, cell);
        cells++;
      }
      this._canvas.setAttribute("data-mode", "density");
      this._canvas.setAttribute("data-cells", String(cells));
      this._canvas.setAttribute("data-top", String(top));
    },
    _makeDensityLegend: function () {
      var Legend = L.Control.extend({
        options: {position: "bottomleft"},
        onAdd: function () {
          var box = el("div", null, "leaflet-control event-density-legend");
          box.style.cssText = "background:rgba(255,255,255,0.92);padding:3px 8px;font:12px/1.35 sans-serif;" +
                              "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)";
          var bar = el("span", "\u00a0".repeat(12));
          bar.style.cssText = "display:inline-block;margin:0 4px;background:linear-gradient(90deg," +
                              "rgba(255,220,90,.4),rgba(255,30,10,.7))";
          box.appendChild(el("span", "Density: fewer")); box.appendChild(bar); box.appendChild(el("span", "more events"));
          return box;
        }
      });
      return new Legend();
    },
    // Position in the shown points (j) of point i, or -1 (binary search: idx is sorted).
    _slot: function (i) {
      var idx = this._v.idx, lo = 0, hi = idx.length - 1;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (idx[mid] === i) return mid; if (idx[mid] < i) lo = mid + 1; else hi = mid - 1; }
      return -1;
    },
    _hit: function (cx, cy) {
      var cell = 16, xs = this._xs, ys = this._ys, i;
      if (!xs || !this._v) return -1;
      if (!this._grid) {
        var grid = this._grid = new Map(), w = this._map.getSize();
        for (i = 0; i < xs.length; i++) {
          if (xs[i] < -8 || ys[i] < -8 || xs[i] > w.x + 8 || ys[i] > w.y + 8) continue;
          var k = Math.floor(xs[i] / cell) * 100003 + Math.floor(ys[i] / cell);
          var list = grid.get(k); if (list) list.push(i); else grid.set(k, [i]);
        }
      }
      var best = -1, bestD = Math.pow(Math.max(this._r || 5, 4) + 3, 2);
      var gx = Math.floor(cx / cell), gy = Math.floor(cy / cell);
      for (var a = gx - 1; a <= gx + 1; a++) for (var b = gy - 1; b <= gy + 1; b++) {
        var l = this._grid.get(a * 100003 + b);
        if (!l) continue;
        for (var j = 0; j < l.length; j++) {
          var dx = xs[l[j]] - cx, dy = ys[l[j]] - cy, dd = dx * dx + dy * dy;
          if (dd <= bestD && (best < 0 || l[j] > best || dd < bestD)) { best = l[j]; bestD = dd; }
        }
      }
      return best < 0 ? -1 : this._v.idx[best];
    },
    _point: function (e) {
      var rect = this._map.getContainer().getBoundingClientRect();
      return [e.clientX - rect.left, e.clientY - rect.top];
    },
    _dateText: function (i) {
      var d = this._d, meta = d.meta, v = d.day[i];
      if (v === meta.undated) return "date unknown";
      var day = meta.day0 + v, text = isoDay(day);
      if (d.span && d.span[i]) text += " to " + isoDay(day + d.span[i]);
      else if (d.prec && meta.prec && meta.prec[d.prec[i]] && meta.prec[d.prec[i]] !== "day") text += " (" + meta.prec[d.prec[i]] + ")";
      return text;
    },
    _samePlace: function (i) {  // shown events at point i's place
      var d = this._d;
      return this._v.count.get(d.qlat[i] * 16777216 + d.qlon[i]) || 1;
    },
    _content: function (i, full) {
      var d = this._d, meta = d.meta, box = el("div", null, full ? "event-point-popup" : "event-point-tip");
      box.appendChild(el("b", meta.types[d.type[i]] + ", " + this._dateText(i), "event-point-title"));
      var who = meta.who[d.who[i]];
      if (who) box.appendChild(el("div", who + (d.more && d.more[i] ? " and " + d.more[i] + " more" : ""), "event-point-actors"));
      if (d.place && meta.place && meta.place[d.place[i]]) box.appendChild(el("div", meta.place[d.place[i]], "event-point-place"));
      if (full) {
        var same = this._samePlace(i);
        if (same > 1) box.appendChild(el("div", "One of " + same + " events at this place" +
                                          (this._map.getZoom() < meta.spiralZoom ? " (zoom in to see each)" : ""), "event-point-same"));
        box.appendChild(el("small", "event id: " + meta.idPrefix + d.ids[i], "event-point-id"));
      }
      return box;
    },
    _click: function (e) {
      if (!this._map || (this._map.dragging && this._map.dragging.moved())) return;
      var p = this._point(e), i = this._hit(p[0], p[1]);
      if (i < 0) return;
      var ll = latlng(this._d, i);
      if (this._tip) this._map.closeTooltip(this._tip);
      // A popup of this layer (getPopup): streamlit-folium reads its text on "click".
      this._popup = L.popup({maxWidth: 320, className: "event-point-popup-wrap"}).setLatLng(ll).setContent(this._content(i, true));
      this._popup.options.offset = L.point(0, -(this._r || 5));
      this._map.openPopup(this._popup);
      this._clicked = i;
      this.fire("click", {latlng: ll, layerPoint: this._map.latLngToLayerPoint(ll), containerPoint: L.point(p[0], p[1]),
                          originalEvent: e, index: i, id: this._d.meta.idPrefix + this._d.ids[i]});
    },
    _hover: function (e) {
      if (!this._map) return;
      var p = this._point(e), i = this._hit(p[0], p[1]), container = this._map.getContainer();
      if (i === this._hovered) return;
      this._hovered = i;
      if (i < 0) {
        if (this._tip) this._map.closeTooltip(this._tip);
        container.style.cursor = "";
        return;
      }
      container.style.cursor = "pointer";
      this._tip = this._tip || L.tooltip({direction: "top", className: "event-point-tooltip"});
      this._tip.options.offset = L.point(0, -(this._r || 5));
      this._tip.setLatLng(latlng(this._d, i)).setContent(this._content(i, false));
      this._map.openTooltip(this._tip);
    },
    _makeLegend: function () {
      var meta = this._d.meta, n = this._v.idx.length, legend = this._v.legend;
      var Legend = L.Control.extend({
        options: {position: "bottomright"},
        onAdd: function () {
          var box = el("div", null, "leaflet-control event-points-legend");
          box.style.cssText = "background:rgba(255,255,255,0.92);padding:4px 8px;font:12px/1.35 sans-serif;" +
                              "border-radius:4px;max-height:260px;overflow:auto;box-shadow:0 1px 4px rgba(0,0,0,.3)";
          box.appendChild(el("b", n.toLocaleString("en") + (n === 1 ? " event" : " events") + ", by initiator"));
          legend.forEach(function (entry) {
            var row = el("div"), sw = el("span", "\u25cf ");
            sw.style.color = entry[0];
            row.appendChild(sw); row.appendChild(document.createTextNode(entry[1]));
            box.appendChild(row);
          });
          ["\u25cf ", "\u25b2 ", "\u25a0 ", "\u25c6 "].forEach(function (glyph, k) {
            if (meta.shapes.indexOf(k) < 0) return;
            box.appendChild(el("div", glyph + meta.shapeLabels[k]));
          });
          L.DomEvent.disableClickPropagation(box);
          L.DomEvent.disableScrollPropagation(box);
          return box;
        }
      });
      return new Legend();
    }
  });

  return {layer: function (payload, options) { return new Layer(payload, options); }, decode: decode, Layer: Layer};
})();
