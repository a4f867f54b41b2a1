/** The rate-law expression language: parse, check units, differentiate, compile. */
export type { BinaryOp, Binary, Call, Expr, Num, Select, Sym, Unary } from './ast.js';
export { bin, call, childrenOf, exprEquals, isConstant, neg, num, select, sym, symbolsOf } from './ast.js';
export { inferDims } from './check.js';
export { compileToJs } from './compile.js';
export { differentiate } from './diff.js';
export { ExprSyntaxError, ExprUnitError } from './errors.js';
export { applyCall, evaluate } from './evaluate.js';
export { expand } from './expand.js';
export type { FunctionName, FunctionSpec } from './functions.js';
export { FUNCTIONS, FUNCTION_NAMES, isFunctionName } from './functions.js';
export { tokenize } from './lexer.js';
export type { Token } from './lexer.js';
export { isReservedName, parseExpression } from './parser.js';
export { printExpr } from './print.js';
export { negate, simplify } from './simplify.js';
