// The JavaScript side of engine/bindings/js_value.hpp: a table of the JavaScript values C++ holds
// in the embed's module, which links no embind (README "Bundles"). Linked with --js-library
// (CMakeLists.txt); every function below is an import of the module. A handle is an index into
// the table; freed slots are reused. embed_module.js puts arguments in and takes results out.
mergeInto(LibraryManager.library, {
  $bnlabValues: [],
  $bnlabFreeSlots: [],
  $bnlabPut__deps: ['$bnlabValues', '$bnlabFreeSlots'],
  $bnlabPut: function (value) {
    var handle = bnlabFreeSlots.length ? bnlabFreeSlots.pop() : bnlabValues.length;
    bnlabValues[handle] = value;
    return handle;
  },
  $bnlabTake__deps: ['$bnlabValues', '$bnlabFreeSlots'],
  $bnlabTake: function (handle) {
    var value = bnlabValues[handle];
    bnlabValues[handle] = undefined;
    bnlabFreeSlots.push(handle);
    return value;
  },

  bnlab_js_null__deps: ['$bnlabPut'],
  bnlab_js_null: function () { return bnlabPut(null); },
  bnlab_js_object__deps: ['$bnlabPut'],
  bnlab_js_object: function () { return bnlabPut({}); },
  bnlab_js_array__deps: ['$bnlabPut'],
  bnlab_js_array: function () { return bnlabPut([]); },
  // The typed arrays by js_value.hpp's typed_array_type: Int8Array (0), Uint8Array (1), Float32Array (6), Float64Array (7).
  bnlab_js_view__deps: ['$bnlabPut'],
  bnlab_js_view: function (type, data, size) {
    var View = [Int8Array, Uint8Array, 0, 0, 0, 0, Float32Array, Float64Array][type];
    return bnlabPut(new View(HEAPU8.buffer, data, size));
  },
  bnlab_js_get__deps: ['$bnlabPut', '$bnlabValues'],
  bnlab_js_get: function (handle, key) { return bnlabPut(bnlabValues[handle][UTF8ToString(key)]); },
  bnlab_js_at__deps: ['$bnlabPut', '$bnlabValues'],
  bnlab_js_at: function (handle, index) { return bnlabPut(bnlabValues[handle][index]); },
  bnlab_js_kind__deps: ['$bnlabValues'],
  bnlab_js_kind: function (handle) {
    var v = bnlabValues[handle];
    return typeof v === 'string' ? 1 : v === null ? 2 : v === true ? 3 : v === false ? 4 : v ? 5 : 0;
  },
  bnlab_js_is_array__deps: ['$bnlabValues'],
  bnlab_js_is_array: function (handle) { return Array.isArray(bnlabValues[handle]) ? 1 : 0; },
  bnlab_js_number__deps: ['$bnlabValues'],
  bnlab_js_number: function (handle) { return Number(bnlabValues[handle]); },
  bnlab_js_text_size__deps: ['$bnlabValues'],
  bnlab_js_text_size: function (handle) { return lengthBytesUTF8(String(bnlabValues[handle])); },
  bnlab_js_text__deps: ['$bnlabValues'],
  bnlab_js_text: function (handle, out, capacity) { stringToUTF8(String(bnlabValues[handle]), out, capacity); },
  bnlab_js_set_number__deps: ['$bnlabValues'],
  bnlab_js_set_number: function (handle, key, value) { bnlabValues[handle][UTF8ToString(key)] = value; },
  bnlab_js_set_bool__deps: ['$bnlabValues'],
  bnlab_js_set_bool: function (handle, key, value) { bnlabValues[handle][UTF8ToString(key)] = !!value; },
  bnlab_js_set_value__deps: ['$bnlabValues'],
  bnlab_js_set_value: function (handle, key, value) { bnlabValues[handle][UTF8ToString(key)] = bnlabValues[value]; },
  bnlab_js_set_text__deps: ['$bnlabValues'],
  bnlab_js_set_text: function (handle, key, text) { bnlabValues[handle][UTF8ToString(key)] = UTF8ToString(text); },
  bnlab_js_push_number__deps: ['$bnlabValues'],
  bnlab_js_push_number: function (handle, value) { bnlabValues[handle].push(value); },
  bnlab_js_dup__deps: ['$bnlabPut', '$bnlabValues'],
  bnlab_js_dup: function (handle) { return bnlabPut(bnlabValues[handle]); },
  bnlab_js_free__deps: ['$bnlabTake'],
  bnlab_js_free: function (handle) { bnlabTake(handle); },
});
