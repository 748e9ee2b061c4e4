// The risk lexicon: what the analyzer looks for, kept as a reviewed data file
// (data/risk/lexicon.tsv). This is the model and its parser; the format is documented in
// docs/risk.md ("辞書の書式 / Lexicon format") and at the top of the data file.
//
// A lexicon has three kinds of records besides its version:
//   entry   a pattern that signals risk categories at a level (死にたい → ideation, 1)
//   cue     a context word the rules read (今から: imminent; 友達: third party; w: laugh)
//   except  a phrase whose text never counts as a match (必死, 既読無視, 九死に一生)
// Each pattern is matched either on the normalised surface text or on a sequence of base forms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/risk/risk_category.h"

namespace tsunagu::core::risk {

enum class MatchOn : std::uint8_t {
  kSurface,  // a substring of the normalised text (NFKC, case folded, katakana as hiragana, ...)
  kBase,     // a sequence of base forms (辞書形); the pattern is tokenized like a message,
             // and "*" between phrases allows a gap of up to kGapTokensMax tokens
};

// Context words. The rules in risk_matcher.cc say what each does.
enum class CueKind : std::uint8_t {
  kImminent,  // 今から, これから, さっき, 今夜: with an act or an intent, level 3
  kTime,      // 明日, 来週, 誕生日: with an intent, a plan (level 2)
  kPlace,     // 屋上, 線路, 踏切: with an intent, a plan (level 2)
  kMeans,     // ロープ, 練炭, 包丁: with ideation in the same sentence, a plan (level 2)
  kFarewell,  // 今までありがとう, さようなら: with ideation or a plan, level 3
  kNight,     // 深夜, 夜中: what "needs=night" entries need (外にいる → runaway)
  kThirdParty,  // 友達, 先輩, 彼氏: as the subject (が/は/も/の/って), the match is reported
  kOwnChild,  // 娘, 息子, うちの子: a parent writing about their child; not a third party
  kTopic,     // ニュース, ドラマ, 漫画, 授業: the matter is a topic, not an experience
  kHearsay,   // らしい, って聞いた, って言ってた: after the match, it is reported
  kLaugh,     // w, 笑, 草: with a trivial cause, ideation is hyperbole
  kTrivial,   // 宿題, テスト, 眠い: a trivial cause (only together with a laugh)
  kIdiom,  // 尊い, 推し, 恥ずかしい: makes 死にたい/消えたい a figure of speech by itself
  kFamily,    // 親, 父, ママ: by_agent (and adds=family) entries become abuse_family
  kSchool,    // クラス, 部活, 先輩: by_agent (and adds=school) entries become bullying
  kStranger,  // 知らない人, おじさん: by_agent (and adds=stranger) entries: crime_victim
  kDistress,  // もう無理, 限界, 助けて: what "needs=distress" entries need (屋上にいる。もう無理)
  kBody,  // 腕, 手首, 唇, お腹: a part of the body (噛む, つねる need one: not ガムを噛む)
  kHarm,  // 血, 跡, あざ, やめられない, 落ち着く, 自分で: a sign that an act hurts oneself
};
inline constexpr std::size_t kCueKindCount = 19;
std::string_view CueKindName(CueKind kind);
std::optional<CueKind> ParseCueKind(std::string_view name);

// A set of cue kinds, as bits.
using CueKindSet = std::uint32_t;
inline constexpr CueKindSet CueBit(CueKind kind) {
  return CueKindSet{1} << static_cast<unsigned>(kind);
}

struct EntryFlags {
  bool hyperbole = false;  // the phrase itself is a figure of speech (死ぬほど, 死にそう)
  bool intent = false;     // a decision or will (死のう, 死ぬつもり): time/place → plan
  bool act = false;        // an act (OD, 飛び降りる): with an imminent cue, level 3;
                     // declared or wished (飛び降りる。飛び降りたい) it is an intent
  bool final = false;           // counts only at the end of a sentence (今夜死ぬ。)
  bool needs_negation = false;  // counts only when negated (ご飯をもらえない)
  bool no_negation = false;     // never negated (死ぬ方法ないかな asks for one)
  bool by_agent = false;        // a family/school/stranger cue replaces the categories with
                                // abuse_family/bullying/crime_victim (殴られる: who hit?)
  CueKindSet adds = 0;          // "adds=family|school|stranger": such a cue adds that category
                                // (体を触られる by 義父 is also abuse_family)
  bool weak = false;            // without its "needs" cues (or with a trivial, laugh or idiom
                                // cue) it is a hyperbole signal instead of silence
  CueKindSet needs = 0;         // counts only if the message has a cue of one of these kinds
  bool bare = false;            // counts only without an object before it: "切りたい",
                      // "今日も切った", not "髪を短く切りたい" or "野菜も切った"
  CueKindSet near = 0;  // counts only if the match's sentence has a cue of one of these kinds
                        // (outside the match): "噛む" near=harm needs "跡" or "血" nearby
  friend bool operator==(const EntryFlags&, const EntryFlags&) = default;
};

struct LexiconPattern {
  MatchOn match_on = MatchOn::kSurface;
  std::string text;      // as written in the file
  std::size_t line = 0;  // 1-based line in the file
};

struct LexiconEntry {
  RiskCategorySet categories;
  RiskLevel level = RiskLevel::kNone;
  LexiconPattern pattern;
  EntryFlags flags;
};

struct LexiconCue {
  CueKind kind = CueKind::kImminent;
  LexiconPattern pattern;
};

struct Lexicon {
  std::string source;   // the file name, for messages
  std::string version;  // the "version" record
  std::vector<LexiconEntry> entries;
  std::vector<LexiconCue> cues;
  std::vector<LexiconPattern> exceptions;
};

// Base-form patterns: "*" lets this many tokens (at most) pass between two phrases, and "**" (a
// long gap, at most one per pattern) this many: "自分 ** 叩く" finds 自分のお腹を何回も叩く.
inline constexpr std::size_t kGapTokensMax = 3;
inline constexpr std::size_t kLongGapTokensMax = 8;

// Parses a lexicon file's text. Errors are kInvalidArgument with "<source>:<line>: <reason>",
// or kLimitExceeded when the text is larger than kRiskLexiconBytesMax. Pure; no I/O.
Result<Lexicon> ParseLexicon(std::string_view text, std::string_view source);

}  // namespace tsunagu::core::risk
