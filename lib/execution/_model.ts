/**
 * Private: accept either an {@linkcode AlmgrenChriss} instance or a plain parameter object.
 * @module
 */
import { AlmgrenChriss, type AlmgrenChrissParameters } from "./almgren_chriss.ts";
import { validateParameters } from "./_trajectory.ts";

/** The model for `parameters`, validated with `action` in the error message. */
export function toModel(action: string, parameters: AlmgrenChrissParameters): AlmgrenChriss {
  if (parameters instanceof AlmgrenChriss) return parameters;
  validateParameters(action, parameters);
  return new AlmgrenChriss(parameters);
}
