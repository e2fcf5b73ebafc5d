/* Place markers by role: see geo/view/placemarkers.py. One Leaflet circle marker per named
   place, with a tooltip and a popup built here from the data: every string is set with
   textContent, none is ever parsed as HTML or evaluated. Defined once per page. */
if (!window.GeoPlaces) window.GeoPlaces = (function () {
  "use strict";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  // Lines as <br>-separated children: streamlit-folium reads a popup's innerText on a click,
  // and the dashboard finds the "event id: ..." line in it (geo.view.points.clicked_event_id).
  function lines(box, parts) {
    parts.forEach(function (part, k) {
      if (k) box.appendChild(document.createElement("br"));
      box.appendChild(part);
    });
    return box;
  }
  function head(r, roles, types) {
    var title = el("b", r[3]);
    var rest = document.createTextNode(" (" + roles[r[2]][0] + ")");
    var span = el("span");
    span.appendChild(title);
    span.appendChild(rest);
    return [span, el("span", types[r[4]] + ", " + r[5])];
  }
  function tooltip(r, roles, types) { return lines(el("div", null, "event-place-tip"), head(r, roles, types)); }
  function popup(r, roles, types) {
    var parts = head(r, roles, types);
    if (r[6]) parts.push(el("span", "Actors: " + r[6]));
    if (r[7]) parts.push(el("i", "\u201c" + r[7] + "\u201d"));
    if (r[8]) parts.push(el("small", "Source: " + r[8]));
    parts.push(el("small", "event id: " + r[9]));
    return lines(el("div", null, "event-place-popup"), parts);
  }

  /* payload: {roles: [[label, fill colour, radius px, class name]], types: [label],
     rows: [[lat, lon, role, place, type, date text, actors, sentence, source, id]]} */
  function addTo(payload, group) {
    var roles = payload.roles, types = payload.types;
    payload.rows.forEach(function (r) {
      var role = roles[r[2]];
      var marker = L.circleMarker([r[0], r[1]], {
        radius: role[2], color: "#ffffff", weight: 1.5, fill: true, fillColor: role[1], fillOpacity: 0.9,
        className: role[3], bubblingMouseEvents: true
      });
      // Elements, built now: streamlit-folium reads getPopup().getContent().innerText on a click.
      marker.bindPopup(L.popup({maxWidth: 320}).setContent(popup(r, roles, types)));
      marker.bindTooltip(tooltip(r, roles, types), {sticky: true});
      marker.addTo(group);
    });
    return group;
  }
  return {addTo: addTo};
})();
