// read.js reads YAML with js-yaml and the yaml package, for lia's
// differential test (internal/yamlreaders). Input on stdin is a JSON array of
// {"file": path} or {"text": yaml}; output on stdout is a JSON array with, for
// each input, an object from reader name to the value it read, typed:
//   {"map": [[key, value], ...]}, {"seq": [...]}, {"str": s}, {"int": "12"},
//   {"float": 0.5 | "inf" | "-inf" | "nan"}, {"bool": b}, {"null": true},
//   {"timestamp": iso}, or {"error": message}.
// Whole numbers are written as the decimal of the JavaScript number a
// program gets, so that a number JavaScript cannot hold exactly shows.
'use strict'

const fs = require('fs')
const jsyaml = require('js-yaml')
const YAML = require('yaml')

class Int { constructor (v) { this.v = v } }
class Float { constructor (v) { this.v = v } }

// wrap keeps a scalar tag's resolution and marks its values, so that whole
// and fractional numbers stay apart (JavaScript has one number type).
function wrap (tag, Box) {
  return Object.assign({}, tag, {
    resolve: (source, isExplicit, tagName) => {
      const v = tag.resolve(source, isExplicit, tagName)
      return v === jsyaml.NOT_RESOLVED ? v : new Box(v)
    }
  })
}

const jsCore = jsyaml.CORE_SCHEMA.withTags(wrap(jsyaml.intCoreTag, Int), wrap(jsyaml.floatCoreTag, Float))
const js11 = jsyaml.YAML11_SCHEMA.withTags(wrap(jsyaml.intYaml11Tag, Int), wrap(jsyaml.floatYaml11Tag, Float))

function num (v) {
  if (Number.isNaN(v)) return 'nan'
  if (v === Infinity) return 'inf'
  if (v === -Infinity) return '-inf'
  return v
}

function typed (v) {
  if (v instanceof Int) return { int: String(v.v) }
  if (v instanceof Float) return { float: num(v.v) }
  if (typeof v === 'bigint') return { int: String(Number(v)) }
  if (typeof v === 'number') return { float: num(v) }
  if (typeof v === 'string') return { str: v }
  if (typeof v === 'boolean') return { bool: v }
  if (v === null || v === undefined) return { null: true }
  if (v instanceof Date) return { timestamp: v.toISOString() }
  if (Array.isArray(v)) return { seq: v.map(typed) }
  if (v instanceof Map) return { map: Array.from(v.entries()).map(([k, x]) => [typed(k), typed(x)]) }
  if (typeof v === 'object') return { map: Object.keys(v).map(k => [{ str: k }, typed(v[k])]) }
  return { error: 'unexpected value of type ' + typeof v }
}

function attempt (f) {
  try {
    return typed(f())
  } catch (e) {
    return { error: String(e.message || e).split('\n')[0] }
  }
}

const readers = {
  'js-yaml': text => jsyaml.load(text, { schema: jsCore }),
  'js-yaml/1.1': text => jsyaml.load(text, { schema: js11 }),
  yaml: text => YAML.parse(text, { intAsBigInt: true }),
  'yaml/1.1': text => YAML.parse(text, { intAsBigInt: true, version: '1.1' })
}

const inputs = JSON.parse(fs.readFileSync(0, 'utf8'))
const out = inputs.map(input => {
  const text = input.file !== undefined ? fs.readFileSync(input.file, 'utf8') : input.text
  const r = {}
  for (const [name, read] of Object.entries(readers)) r[name] = attempt(() => read(text))
  return r
})
process.stdout.write(JSON.stringify(out))
