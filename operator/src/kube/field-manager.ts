// The names are decided with the pure core (which tells our own writes from out-of-band edits by them); the kube
// adapter writes under them.
export { FIELD_MANAGER, LABEL_MANAGER } from '../engine/decide/field-managers.js';
