// A small JSON-schema checker for the subset of OpenAPI 3.0 that LINE's
// line-openapi files use: $ref, required, type, enum, properties, items,
// additionalProperties, allOf/oneOf/anyOf, min/max (items, length, value),
// pattern, nullable, and `discriminator` with `mapping`.
// It takes an already-parsed OpenAPI document, so it has no dependencies;
// tests load the YAML. Also usable by tsunagu's integration tests to check
// the requests tsunagu sends.

/**
 * Validates `value` against components.schemas[schemaName] of `doc`.
 * Returns { valid, errors: [{ path, message }] }.
 */
export function validateAgainst(doc, schemaName, value) {
  const errors = [];
  const ref = `#/components/schemas/${schemaName}`;
  resolveRef(doc, ref); // throws early on a typo in the schema name
  check(doc, { $ref: ref }, value, '$', errors, new Set());
  // A value is checked against a parent schema both directly and through the
  // mapped child's allOf, so the same error can be found twice.
  const seen = new Set();
  const unique = errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { valid: unique.length === 0, errors: unique };
}

export function resolveRef(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node === undefined) throw new Error(`unresolvable $ref: ${ref}`);
  return node;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

function typeMatches(expected, v) {
  const actual = typeOf(v);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return expected === actual;
}

/**
 * `skipDiscriminator` holds the $refs whose discriminator was already used
 * to pick a subschema for this same value: a mapped schema such as
 * MessageEvent is `allOf: [Event, ...]`, and Event carries the
 * discriminator again, which would otherwise recurse forever.
 */
function check(doc, schema, value, path, errors, skipDiscriminator) {
  let ref = null;
  while (schema.$ref) {
    ref = schema.$ref;
    schema = resolveRef(doc, ref);
  }

  if (value === null) {
    if (schema.nullable) return;
    if (schema.type) {
      errors.push({ path, message: `expected ${schema.type}, got null` });
      return;
    }
  }

  if (schema.type && !typeMatches(schema.type, value)) {
    errors.push({ path, message: `expected ${schema.type}, got ${typeOf(value)}` });
    return;
  }

  if (schema.enum && !schema.enum.includes(value)) {
    errors.push({ path, message: `must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}` });
  }

  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push({ path, message: `shorter than ${schema.minLength}` });
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push({ path, message: `longer than ${schema.maxLength}` });
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push({ path, message: `does not match ${schema.pattern}` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push({ path, message: `less than ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) errors.push({ path, message: `greater than ${schema.maximum}` });
  }

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({ path, message: `fewer than ${schema.minItems} items` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({ path, message: `more than ${schema.maxItems} items` });
    if (schema.items) value.forEach((item, i) => check(doc, schema.items, item, `${path}[${i}]`, errors, new Set()));
  }

  if (typeOf(value) === 'object') {
    for (const key of schema.required ?? []) {
      if (!(key in value)) errors.push({ path, message: `missing required property "${key}"` });
    }
    const props = schema.properties ?? {};
    for (const [key, sub] of Object.entries(props)) {
      if (key in value) check(doc, sub, value[key], `${path}.${key}`, errors, new Set());
    }
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      for (const key of Object.keys(value)) {
        if (key in props) continue;
        if (schema.additionalProperties === false) errors.push({ path, message: `unexpected property "${key}"` });
        else check(doc, schema.additionalProperties, value[key], `${path}.${key}`, errors, new Set());
      }
    }
  }

  for (const sub of schema.allOf ?? []) check(doc, sub, value, path, errors, skipDiscriminator);

  if (schema.oneOf) {
    const passing = schema.oneOf.filter((sub) => {
      const e = [];
      check(doc, sub, value, path, e, new Set());
      return e.length === 0;
    });
    if (passing.length !== 1) errors.push({ path, message: `must match exactly one schema in oneOf, matched ${passing.length}` });
  }
  if (schema.anyOf) {
    const ok = schema.anyOf.some((sub) => {
      const e = [];
      check(doc, sub, value, path, e, new Set());
      return e.length === 0;
    });
    if (!ok) errors.push({ path, message: 'must match at least one schema in anyOf' });
  }

  if (schema.discriminator && typeOf(value) === 'object' && !(ref && skipDiscriminator.has(ref))) {
    const { propertyName, mapping = {} } = schema.discriminator;
    const tag = value[propertyName];
    const target = mapping[tag];
    if (target === undefined) {
      errors.push({ path, message: `unknown ${propertyName} ${JSON.stringify(tag)} (not in discriminator mapping)` });
    } else {
      const skip = new Set(skipDiscriminator);
      if (ref) skip.add(ref);
      check(doc, { $ref: target }, value, path, errors, skip);
    }
  }
}
