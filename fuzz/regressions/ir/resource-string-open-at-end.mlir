// A dialect resource whose hex string is still open at the end of the input
// (no newline after it): MLIR's lexer stopped past the end of the text and
// the resource parser lexed on from there (an ASan SEGV in mlir::Lexer found
// by fuzz/ir.cpp). checkIRNesting refuses it first.
{-#
  dialect_resources: {
    builtin: {
      blob: "0x04000000