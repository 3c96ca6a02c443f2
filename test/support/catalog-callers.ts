import path from 'node:path';
import ts from 'typescript';

/**
 * Finds, in the bot's sources, every place a catalog message is said and the parameter names it
 * is given, so a test can hold them against the messages' placeholders. It reads the syntax
 * (the TypeScript parser, not regular expressions) and follows what the code does with keys:
 *
 * - a translation: `t(key, params)` (also `english(…)`, any name bound to `translator(…)`);
 * - a refusal: `new UserFacingError(key, params)`, `new MusicError('CODE', params)` and
 *   `new PlaylistError('CODE', params)` (said as `error.CODE`);
 * - a reply description: an object `{ key, params }` (the commands return these);
 * - a key handed to a helper (`runOperation(context, op, 'autoplay.on')`): followed into the
 *   helper to the places above where its parameter ends up, through further helpers too;
 * - a key chosen at run time: `cond ? 'a' : 'b'`, a `const`, or a template such as
 *   `` `loop.${mode}` ``, which stands for every key it can spell.
 *
 * A place whose key is not known (`t(key, params)` inside a helper, `error.${code}` with the
 * error's own params spread in) forwards what others said and is not checked itself; the keys
 * reaching it are checked where they are written. So every key with placeholders that is
 * written anywhere must be written in one of the shapes above, or it is reported as a use the
 * scan can't follow. The one exception is a refusal table `CODE: 'error.CODE'`, whose codes are
 * checked where the errors are made.
 */

export interface SourceFile {
  fileName: string;
  text: string;
}

/** One saying of a message: which keys it may be and which parameter names it passes. */
export interface Saying {
  where: string;
  keys: string[];
  /** Whether the keys are written out (else a template spells them, as a forwarder does). */
  written: boolean;
  /** The parameter names passed; `null` when they can't be known (spread from elsewhere). */
  names: string[] | null;
}

export interface CatalogUse {
  sayings: Saying[];
  /** Keys with placeholders written where the scan can't tell what fills them. */
  unfollowed: string[];
}

/** Parameters a renderer adds itself: the router says a MusicError with `reason: ''`. */
const RENDERER_FILLS: Record<string, string[]> = { MusicError: ['reason'] };
const ERROR_CLASSES = new Set(['MusicError', 'PlaylistError']);
const TRANSLATOR_NAMES = new Set(['t', 'english']);

type Fn = ts.SignatureDeclaration;
/** A function's parameter (or a property of it: `replies.done`) a key or params come from. */
interface ParamRef {
  fn: Fn;
  index: number;
  property?: string;
}
interface Keys {
  /** Keys written out as literals. */
  keys: Set<string>;
  /** Keys a template can spell (`loop.${mode}`). */
  spelled: Set<string>;
  refs: ParamRef[];
}
/**
 * Parameter names an expression passes. `open`: some can't be known; `inherited`: it spreads
 * another refusal's `params` in (re-wording one), whose own construction was checked.
 */
type Names = { names: Set<string>; open: boolean; inherited?: boolean; ref?: ParamRef };
interface Sink {
  file: ts.SourceFile;
  node: ts.Node;
  key: ts.Expression | undefined;
  keyStart: string;
  params: ts.Expression | undefined;
  implicit: string[];
}

export function findCatalogUses(
  files: SourceFile[],
  allKeys: readonly string[],
  keysWithPlaceholders: ReadonlySet<string>,
): CatalogUse {
  const keySet = new Set(allKeys);
  const sources = new Map<string, ts.SourceFile>();
  for (const file of files) {
    sources.set(
      path.resolve(file.fileName),
      ts.createSourceFile(file.fileName, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
    );
  }
  const consumed = new Set<ts.Node>();
  const sayings: Saying[] = [];
  const sinksByParam = new Map<Fn, Map<string, Sink[]>>();
  const passes = new Map<Fn, Map<number, ParamRef[]>>();
  const callSites: { file: ts.SourceFile; call: ts.CallExpression | ts.NewExpression; callee: Fn }[] = [];

  const where = (file: ts.SourceFile, node: ts.Node) =>
    `${path.relative(process.cwd(), file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;

  // --- evaluating expressions --------------------------------------------------------------
  function keysOf(expression: ts.Expression | undefined, prefix: string): Keys {
    const out: Keys = { keys: new Set(), spelled: new Set(), refs: [] };
    if (!expression) return out;
    const node = unwrap(expression);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const key = prefix + node.text;
      if (keySet.has(key)) {
        out.keys.add(key);
        consumed.add(node);
      }
    } else if (ts.isTemplateExpression(node)) {
      const pattern =
        escapeRegExp(node.head.text) +
        node.templateSpans
          .map((span) => `(?:${spellings(span.expression)})${escapeRegExp(span.literal.text)}`)
          .join('');
      const matching = new RegExp(`^${escapeRegExp(prefix)}${pattern}$`);
      for (const key of allKeys) if (matching.test(key)) out.spelled.add(key);
    } else if (ts.isConditionalExpression(node)) {
      merge(out, keysOf(node.whenTrue, prefix));
      merge(out, keysOf(node.whenFalse, prefix));
    } else if (ts.isBinaryExpression(node) && isFallback(node.operatorToken.kind)) {
      merge(out, keysOf(node.left, prefix));
      merge(out, keysOf(node.right, prefix));
    } else if (ts.isIdentifier(node)) {
      const binding = resolve(node);
      if (binding?.kind === 'const') merge(out, keysOf(binding.init, prefix));
      if (binding?.kind === 'param') out.refs.push(binding.ref);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const binding = resolve(node.expression);
      const property = node.name.text;
      if (binding?.kind === 'param') out.refs.push({ ...binding.ref, property });
      if (binding?.kind === 'const') merge(out, keysOf(propertyOf(binding.init, property), prefix));
    }
    return out;
  }

  /** What a template's `${…}` can be, as a pattern: its literal values when the code says them. */
  function spellings(expression: ts.Expression): string {
    const values = literalValues(expression);
    return values ? values.map(escapeRegExp).join('|') : '.+';
  }

  function literalValues(expression: ts.Expression): string[] | null {
    const node = ts.isParenthesizedExpression(expression) ? expression.expression : expression;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      return literalTypeValues(node.type) ?? literalValues(node.expression);
    }
    if (ts.isConditionalExpression(node)) {
      const both = [literalValues(node.whenTrue), literalValues(node.whenFalse)];
      return both[0] && both[1] ? [...both[0], ...both[1]] : null;
    }
    if (ts.isIdentifier(node)) {
      const binding = resolve(node);
      if (binding?.kind === 'const') return literalValues(binding.init);
      if (binding?.kind === 'param') {
        const type = binding.ref.fn.parameters[binding.ref.index]?.type;
        return type ? literalTypeValues(type) : null;
      }
    }
    return null;
  }

  function namesOf(expression: ts.Expression | undefined): Names {
    if (!expression) return { names: new Set(), open: false };
    const node = unwrap(expression);
    if (ts.isObjectLiteralExpression(node)) {
      const out: Names = { names: new Set(), open: false, inherited: false };
      for (const property of node.properties) {
        if (ts.isSpreadAssignment(property)) {
          if (isErrorParams(property.expression)) {
            out.inherited = true;
            continue;
          }
          const spread = namesOf(property.expression);
          for (const name of spread.names) out.names.add(name);
          out.open ||= spread.open || spread.ref !== undefined;
        } else if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
          out.names.add(property.name.text);
        } else {
          out.open = true;
        }
      }
      return out;
    }
    if (ts.isIdentifier(node)) {
      const binding = resolve(node);
      if (binding?.kind === 'const') return namesOf(binding.init);
      if (binding?.kind === 'param') return { names: new Set(), open: false, ref: binding.ref };
    }
    return { names: new Set(), open: true };
  }

  // --- finding sinks and calls ---------------------------------------------------------------
  for (const file of sources.values()) {
    const visit = (node: ts.Node): void => {
      const sink = sinkAt(file, node);
      if (sink) registerSink(sink);
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = calleeOf(file, node.expression);
        if (callee) callSites.push({ file, call: node, callee });
      }
      if (ts.isPropertyAssignment(node) && isRefusalTableEntry(node)) consumed.add(node.initializer);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  function sinkAt(file: ts.SourceFile, node: ts.Node): Sink | null {
    if (ts.isCallExpression(node) && isTranslatorCall(node)) {
      return { file, node, key: node.arguments[0], keyStart: '', params: node.arguments[1], implicit: [] };
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const args = node.arguments ?? [];
      if (name === 'UserFacingError') {
        return { file, node, key: args[0], keyStart: '', params: args[1], implicit: [] };
      }
      if (ERROR_CLASSES.has(name)) {
        return {
          file,
          node,
          key: args[0],
          keyStart: 'error.',
          params: args[1],
          implicit: RENDERER_FILLS[name] ?? [],
        };
      }
    }
    if (ts.isObjectLiteralExpression(node)) {
      const key = propertyValue(node, 'key');
      if (key) return { file, node, key, keyStart: '', params: propertyValue(node, 'params'), implicit: [] };
    }
    return null;
  }

  function registerSink(sink: Sink): void {
    const keys = keysOf(sink.key, sink.keyStart);
    if (keys.keys.size > 0) say(sink, keys.keys, true, namesOf(sink.params));
    if (keys.spelled.size > 0) say(sink, keys.spelled, false, namesOf(sink.params));
    for (const ref of keys.refs) {
      const bySlot = sinksByParam.get(ref.fn) ?? new Map<string, Sink[]>();
      bySlot.set(slotOf(ref), [...(bySlot.get(slotOf(ref)) ?? []), sink]);
      sinksByParam.set(ref.fn, bySlot);
    }
  }

  function say(
    sink: Sink,
    keys: Set<string>,
    written: boolean,
    names: Names,
    at = sink.node,
    file = sink.file,
  ): void {
    const open = names.open || names.inherited || names.ref !== undefined;
    sayings.push({
      where: where(file, at),
      keys: [...keys],
      written: written && !names.inherited,
      names: open ? null : [...names.names, ...sink.implicit].sort(),
    });
  }

  // Keys handed to helpers: follow each parameter to its sinks, through helpers of helpers.
  for (const site of callSites) {
    (site.call.arguments ?? []).forEach((argument, index) => {
      const keys = keysOf(argument, '');
      for (const ref of keys.refs.filter((r) => r.property === undefined)) {
        const byIndex = passes.get(ref.fn) ?? new Map<number, ParamRef[]>();
        byIndex.set(ref.index, [...(byIndex.get(ref.index) ?? []), { fn: site.callee, index }]);
        passes.set(ref.fn, byIndex);
      }
    });
  }
  for (const site of callSites) {
    const args = site.call.arguments ?? [];
    const reached = new Map<string, Sink[]>(sinksByParam.get(site.callee));
    args.forEach((_, index) => {
      const further = sinksReachedFrom({ fn: site.callee, index });
      if (further.length) reached.set(String(index), [...(reached.get(String(index)) ?? []), ...further]);
    });
    for (const [slot, sinks] of reached) {
      const [index, property] = slot.split('.');
      const argument = args[Number(index)];
      const keys = keysOf(property === undefined ? argument : propertyOf(argument, property), '');
      for (const sink of sinks) {
        // A helper's `params` that is its own parameter is read from this call's arguments.
        let names = namesOf(sink.params);
        if (names.ref?.fn === site.callee && names.ref.property === undefined) {
          names = namesOf(args[names.ref.index]);
        }
        if (keys.keys.size > 0) say(sink, keys.keys, true, names, site.call, site.file);
        if (keys.spelled.size > 0) say(sink, keys.spelled, false, names, site.call, site.file);
      }
    }
  }

  /** Sinks a parameter reaches by being handed on to further helpers. */
  function sinksReachedFrom(start: ParamRef): Sink[] {
    const found: Sink[] = [];
    const seen = new Set<string>();
    const walk = (ref: ParamRef, first: boolean) => {
      const id = `${ref.fn.pos}:${ref.fn.getSourceFile().fileName}#${ref.index}`;
      if (seen.has(id)) return;
      seen.add(id);
      if (!first) found.push(...(sinksByParam.get(ref.fn)?.get(String(ref.index)) ?? []));
      for (const next of passes.get(ref.fn)?.get(ref.index) ?? []) walk(next, false);
    };
    walk(start, true);
    return found;
  }

  // --- what the scan could not follow ---------------------------------------------------------
  const unfollowed: string[] = [];
  for (const file of sources.values()) {
    const visit = (node: ts.Node): void => {
      if (ts.isLiteralTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      if (
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        keysWithPlaceholders.has(node.text) &&
        !consumed.has(node)
      ) {
        unfollowed.push(`${where(file, node)} '${node.text}'`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { sayings, unfollowed };

  // --- scopes and names -----------------------------------------------------------------------
  function resolve(
    identifier: ts.Identifier,
  ): { kind: 'const'; init: ts.Expression } | { kind: 'param'; ref: ParamRef } | null {
    for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
      if (ts.isFunctionLike(scope)) {
        const index = scope.parameters.findIndex(
          (p) => ts.isIdentifier(p.name) && p.name.text === identifier.text,
        );
        if (index >= 0) return { kind: 'param', ref: { fn: scope, index } };
      }
      const statements = ts.isBlock(scope) || ts.isSourceFile(scope) ? scope.statements : null;
      for (const statement of statements ?? []) {
        if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const))
          continue;
        for (const declaration of statement.declarationList.declarations) {
          if (
            ts.isIdentifier(declaration.name) &&
            declaration.name.text === identifier.text &&
            declaration.initializer
          ) {
            return { kind: 'const', init: declaration.initializer };
          }
        }
      }
    }
    return null;
  }

  function calleeOf(file: ts.SourceFile, expression: ts.Expression): Fn | null {
    if (!ts.isIdentifier(expression)) return null;
    return declaredIn(file, expression.text, new Set()) ?? imported(file, expression.text);
  }

  function imported(file: ts.SourceFile, name: string): Fn | null {
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      const element = bindings.elements.find((e) => e.name.text === name);
      if (!element) continue;
      const target = sources.get(path.resolve(path.dirname(file.fileName), statement.moduleSpecifier.text));
      if (target) return exported(target, (element.propertyName ?? element.name).text, new Set());
    }
    return null;
  }

  function exported(file: ts.SourceFile, name: string, seen: Set<ts.SourceFile>): Fn | null {
    if (seen.has(file)) return null;
    seen.add(file);
    const own = declaredIn(file, name, seen);
    if (own) return own;
    for (const statement of file.statements) {
      if (
        !ts.isExportDeclaration(statement) ||
        !statement.moduleSpecifier ||
        !ts.isStringLiteral(statement.moduleSpecifier)
      )
        continue;
      const clause = statement.exportClause;
      const element =
        clause && ts.isNamedExports(clause) ? clause.elements.find((e) => e.name.text === name) : undefined;
      if (clause && !element) continue;
      const target = sources.get(path.resolve(path.dirname(file.fileName), statement.moduleSpecifier.text));
      const found = target && exported(target, (element?.propertyName ?? element?.name)?.text ?? name, seen);
      if (found) return found;
    }
    return null;
  }

  function declaredIn(file: ts.SourceFile, name: string, _seen: Set<ts.SourceFile>): Fn | null {
    for (const statement of file.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer && unwrap(declaration.initializer);
          if (
            ts.isIdentifier(declaration.name) &&
            declaration.name.text === name &&
            init &&
            (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
          ) {
            return init;
          }
        }
      }
    }
    return null;
  }

  function isTranslatorCall(call: ts.CallExpression): boolean {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 't';
    if (ts.isCallExpression(callee))
      return ts.isIdentifier(callee.expression) && callee.expression.text === 'translator';
    if (!ts.isIdentifier(callee)) return false;
    if (TRANSLATOR_NAMES.has(callee.text)) return true;
    const binding = resolve(callee);
    const init = binding?.kind === 'const' ? unwrap(binding.init) : null;
    return (
      !!init &&
      ts.isCallExpression(init) &&
      ts.isIdentifier(init.expression) &&
      init.expression.text === 'translator'
    );
  }
}

/** `'a' | 'b'` (or `'a'`) as its values; null for any other type. */
function slotOf(ref: ParamRef): string {
  return ref.property === undefined ? String(ref.index) : `${ref.index}.${ref.property}`;
}

/** The value of `property` in an object literal argument; undefined for anything else. */
function propertyOf(expression: ts.Expression | undefined, property: string): ts.Expression | undefined {
  const node = expression && unwrap(expression);
  return node && ts.isObjectLiteralExpression(node) ? propertyValue(node, property) : undefined;
}

function isErrorParams(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return ts.isPropertyAccessExpression(node) && node.name.text === 'params';
}

function literalTypeValues(type: ts.TypeNode): string[] | null {
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  const values: string[] = [];
  for (const member of members) {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) return null;
    values.push(member.literal.text);
  }
  return values;
}

function isRefusalTableEntry(property: ts.PropertyAssignment): boolean {
  const value = unwrap(property.initializer);
  return (
    (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
    ts.isStringLiteral(value) &&
    value.text === `error.${property.name.text}`
  );
}

function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) {
      return property.initializer;
    }
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

function merge(into: Keys, from: Keys): void {
  for (const key of from.keys) into.keys.add(key);
  for (const key of from.spelled) into.spelled.add(key);
  into.refs.push(...from.refs);
}

function isFallback(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
