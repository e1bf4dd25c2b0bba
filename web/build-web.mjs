// Transition shim, to be deleted: every bundle and asset is now in one table, web/build.mjs; this runs all of it.
import './build.mjs';
