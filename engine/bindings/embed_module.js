// The embed's module as the facade sees it: the C functions of engine/bindings/embed_exports.cpp
// behind the API the full module's embind registrations give (module.cpp), so web/engine.js,
// engine-twin.js and engine-run.js run unchanged on either module. Linked into
// web/dist/bnlab-embed.js with --post-js (CMakeLists.txt): it runs inside the module factory and
// adds to Module
//   TwinLab                  new Module.TwinLab(), its methods, delete() (one owner: the facade)
//   Twin, BnMode, LayerField, DataField   the enums by name, as numbers (enum_names.hpp)
//   heapBytesInUse, twinCost, mnistShape, toyTrainSize, buildInfo, count_emval_handles
// JavaScript values cross as handles of embed_values.js's table: an argument is put in and
// C++ takes it over; a result is taken out. A message is read from the C string at once; typed
// arrays in a result are views, valid until the next call (the facade copies them).
(function () {
  // Per method, what its arguments and its result are: 'v' a JavaScript value, 'n' a number
  // (or an enum's number, or a boolean argument), 's' a message, 'b' a boolean.
  var TWIN_METHODS = {
    configure: 'v:s', stageBytes: 'n:v', configureMnist: 'v:s', stagePoints: 'n:v', configurePoints: 'vnn:s',
    step: 'n:s', reset: ':s', reseed: 'n:s', setLearningRate: 'n:s', setProbeUnit: 'n:s', refreshProbes: ':s',
    evaluate: 'nn:s', evaluateTest: 'nn:s', evaluateGrid: 'nn:s', batchNoise: 'nnnnn:s', landscape: 'nv:s',
    landscapeResult: ':v', inspectBatch: 'nnv:s', inspectView: 'nn:v', maxStepsPerCall: ':n', maxNoiseDraws: ':n',
    numHidden: ':n', inputSize: ':n', trainSize: ':n', probeSize: ':n', hasBn: 'nn:b', status: 'n:v',
    metrics: ':v', layerView: 'nnn:v', trainBatchView: 'nnn:v', probeLayer: 'nn:v', percentiles: 'n:v',
    dataView: 'n:v',
  };
  var FUNCTIONS = { heapBytesInUse: ':n', twinCost: 'vnnnn:v', mnistShape: 'vn:v', toyTrainSize: 'nn:n', buildInfo: ':s' };
  var RESULTS = {
    s: function (ptr) { return UTF8ToString(ptr); },
    v: function (handle) { return bnlabTake(handle); },
    n: function (x) { return x; },
    b: function (x) { return !!x; },
  };

  // The JavaScript function calling C function `name`, the receiver's pointer first when `self` gives one.
  function wrap(name, kinds, self) {
    var parts = kinds.split(':');
    var result = RESULTS[parts[1]];
    return function () {
      var args = self ? [self(this)] : [];
      for (var i = 0; i < parts[0].length; i++) {
        args.push(parts[0][i] === 'v' ? bnlabPut(arguments[i]) : arguments[i]);
      }
      return result(Module['_bnlab_' + name].apply(null, args));
    };
  }

  function TwinLab() {
    this.ptr = Module['_bnlab_twin_new']();
  }
  function pointer(lab) {
    if (!lab.ptr) throw new Error('TwinLab used after delete()');
    return lab.ptr;
  }
  Object.keys(TWIN_METHODS).forEach(function (name) {
    TwinLab.prototype[name] = wrap('twin_' + name, TWIN_METHODS[name], pointer);
  });
  TwinLab.prototype['delete'] = function () {
    Module['_bnlab_twin_delete'](pointer(this));
    this.ptr = 0;
  };
  Module['TwinLab'] = TwinLab;

  Object.keys(FUNCTIONS).forEach(function (name) {
    Module[name] = wrap(name, FUNCTIONS[name]);
  });
  // JavaScript values C++ holds now: what embind's count_emval_handles counts in the full module.
  Module['count_emval_handles'] = function () {
    return bnlabValues.length - bnlabFreeSlots.length;
  };
  // The enums, read from C++ at their first use (after the module is ready).
  var enums = null;
  ['Twin', 'BnMode', 'LayerField', 'DataField'].forEach(function (name) {
    Object.defineProperty(Module, name, {
      get: function () {
        enums = enums || bnlabTake(Module['_bnlab_enums']());
        return enums[name];
      },
    });
  });
})();
