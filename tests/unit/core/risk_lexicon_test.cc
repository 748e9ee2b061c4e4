#include <gtest/gtest.h>

#include <string>

#include "core/limits.h"
#include "core/risk/lexicon.h"

namespace tsunagu::core::risk {
namespace {

Result<Lexicon> Parse(const std::string& text) { return ParseLexicon(text, "lex.tsv"); }

// The error message for text, which must fail to parse.
std::string ErrorOf(const std::string& text) {
  auto lexicon = Parse(text);
  EXPECT_FALSE(lexicon) << text;
  return lexicon ? std::string() : lexicon.error().message;
}

TEST(RiskLexiconTest, ParsesEveryRecordKind) {
  auto lexicon = Parse(
      "# comment\r\n"
      "version\t2025.1\r\n"
      "\n"
      "entry\tideation\t1\tbase\t死にたい\n"
      "entry\tideation,plan_means\t2\tsurface\tod\tact,intent\n"
      "entry\tabuse_family\t0\tbase\t殴られる\tby_agent\n"
      "entry\tsexual\t0\tbase\t触られる\tadds=family|school\n"
      "entry\tideation\t1\tbase\t死ぬ\tfinal,intent,weak,needs=time|imminent\n"
      "entry\tabuse_family\t0\tbase\tご飯をもらえる\tneeds_negation\n"
      "entry\tideation\t0\tbase\t死ぬ * ほど\thyperbole\n"
      "cue\timminent\tbase\t今から\n"
      "except\tsurface\t必死\n");
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  EXPECT_EQ(lexicon->version, "2025.1");
  EXPECT_EQ(lexicon->source, "lex.tsv");
  ASSERT_EQ(lexicon->entries.size(), 7u);
  ASSERT_EQ(lexicon->cues.size(), 1u);
  ASSERT_EQ(lexicon->exceptions.size(), 1u);

  const LexiconEntry& first = lexicon->entries[0];
  EXPECT_TRUE(first.categories.Has(RiskCategory::kIdeation));
  EXPECT_EQ(first.level, RiskLevel::kIdeation);
  EXPECT_EQ(first.pattern.match_on, MatchOn::kBase);
  EXPECT_EQ(first.pattern.text, "死にたい");
  EXPECT_EQ(first.pattern.line, 4u);
  EXPECT_EQ(first.flags, EntryFlags{});

  const LexiconEntry& od = lexicon->entries[1];
  EXPECT_TRUE(od.categories.Has(RiskCategory::kPlanMeans));
  EXPECT_TRUE(od.categories.Has(RiskCategory::kIdeation));
  EXPECT_EQ(od.pattern.match_on, MatchOn::kSurface);
  EXPECT_TRUE(od.flags.act);
  EXPECT_TRUE(od.flags.intent);

  EXPECT_TRUE(lexicon->entries[2].flags.by_agent);
  EXPECT_EQ(lexicon->entries[3].flags.adds, CueBit(CueKind::kFamily) | CueBit(CueKind::kSchool));
  const EntryFlags& weak = lexicon->entries[4].flags;
  EXPECT_TRUE(weak.final && weak.intent && weak.weak);
  EXPECT_EQ(weak.needs, CueBit(CueKind::kTime) | CueBit(CueKind::kImminent));
  EXPECT_TRUE(lexicon->entries[5].flags.needs_negation);
  EXPECT_TRUE(lexicon->entries[6].flags.hyperbole);
  EXPECT_EQ(lexicon->entries[6].pattern.text, "死ぬ * ほど");

  EXPECT_EQ(lexicon->cues[0].kind, CueKind::kImminent);
  EXPECT_EQ(lexicon->cues[0].pattern.line, 11u);
  EXPECT_EQ(lexicon->exceptions[0].text, "必死");
}

TEST(RiskLexiconTest, BareWeakWithoutNeedsAndDistress) {
  auto lexicon = Parse(
      "version\t1\n"
      "entry\tself_harm\t1\tbase\t切る たい\tfinal,weak,bare\n"
      "entry\tideation,plan_means\t2\tbase\t屋上 に いる\tact,needs=distress\n"
      "cue\tdistress\tbase\tもう無理\n");
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  const EntryFlags& bare = lexicon->entries[0].flags;
  EXPECT_TRUE(bare.bare && bare.weak && bare.final);
  EXPECT_EQ(bare.needs, 0u);  // weak without needs=: only a trivial, laugh or idiom cue
  EXPECT_EQ(lexicon->entries[1].flags.needs, CueBit(CueKind::kDistress));
  EXPECT_EQ(lexicon->cues[0].kind, CueKind::kDistress);
  EXPECT_EQ(CueKindName(CueKind::kDistress), "distress");
}

TEST(RiskLexiconTest, NearFlagsAndLongGaps) {
  auto lexicon = Parse(
      "version\t1\n"
      "entry\tself_harm\t1\tbase\t噛む\tweak,near=harm,needs=body\n"
      "entry\tself_harm\t1\tbase\t自分 ** 叩く\n"
      "entry\tplan_means\t2\tbase\t薬 ** ためる * 錠\n"
      "cue\tbody\tbase\t腕\n"
      "cue\tharm\tbase\t血\n");
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  const EntryFlags& bite = lexicon->entries[0].flags;
  EXPECT_EQ(bite.near, CueBit(CueKind::kHarm));
  EXPECT_EQ(bite.needs, CueBit(CueKind::kBody));
  EXPECT_EQ(lexicon->entries[1].pattern.text, "自分 ** 叩く");
  EXPECT_EQ(lexicon->cues[0].kind, CueKind::kBody);
  EXPECT_EQ(lexicon->cues[1].kind, CueKind::kHarm);
  EXPECT_EQ(CueKindName(CueKind::kHarm), "harm");

  const std::string v = "version\t1\n";
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\tnear=soon\n"),
            "lex.tsv:2: unknown cue kind \"soon\" in near=");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\ta ** b ** c\n"),
            "lex.tsv:2: more than one long gap (\"**\") in the pattern");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\t** a\n"),
            "lex.tsv:2: a base pattern cannot start or end with \"*\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\ta * ** b\n"),
            "lex.tsv:2: \"* *\" in the pattern");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\ta *** b\n"),
            "lex.tsv:2: \"*\" must stand alone between spaces");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tsurface\ta**\n"),
            "lex.tsv:2: \"*\" (a gap) is only allowed in base patterns");
}

TEST(RiskLexiconTest, ErrorsNameTheFileLineAndReason) {
  const std::string v = "version\t1\n";
  EXPECT_EQ(ErrorOf(v + "entry\tsadness\t1\tbase\tx\n"), "lex.tsv:2: unknown category \"sadness\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t4\tbase\tx\n"),
            "lex.tsv:2: level must be 0, 1, 2 or 3, not \"4\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tregex\tx\n"),
            "lex.tsv:2: match must be \"surface\" or \"base\", not \"regex\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\t\n"), "lex.tsv:2: empty pattern");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tsurface\t死に たい\n"),
            "lex.tsv:2: a surface pattern has no spaces (they are dropped before matching)");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tsurface\t死に*\n"),
            "lex.tsv:2: \"*\" (a gap) is only allowed in base patterns");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\t* 死ぬ\n"),
            "lex.tsv:2: a base pattern cannot start or end with \"*\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\ta * * b\n"),
            "lex.tsv:2: \"* *\" in the pattern");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\ta  b\n"),
            "lex.tsv:2: two spaces in a row in the pattern");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\ta*b\n"),
            "lex.tsv:2: \"*\" must stand alone between spaces");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\t x\n"),
            "lex.tsv:2: pattern starts or ends with a space");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\tloud\n"), "lex.tsv:2: unknown flag \"loud\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\tneeds=soon\n"),
            "lex.tsv:2: unknown cue kind \"soon\" in needs=");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\thyperbole,act\n"),
            "lex.tsv:2: flag \"hyperbole\" cannot be combined with weak, intent or act");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\tadds=time\n"),
            "lex.tsv:2: adds= takes family, school or stranger, not \"time\"");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\tby_agent,adds=family\n"),
            "lex.tsv:2: flags \"by_agent\" and \"adds=\" exclude each other");
  EXPECT_EQ(ErrorOf(v + "entry\tideation,ideation\t1\tbase\tx\n"),
            "lex.tsv:2: category \"ideation\" listed twice");
  EXPECT_EQ(
      ErrorOf(v + "entry\tideation\t1\tbase\n"),
      "lex.tsv:2: expected: entry<TAB>CATEGORIES<TAB>LEVEL<TAB>MATCH<TAB>PATTERN[<TAB>FLAGS]");
  EXPECT_EQ(ErrorOf(v + "cue\tsoon\tbase\tx\n"), "lex.tsv:2: unknown cue kind \"soon\"");
  EXPECT_EQ(ErrorOf(v + "cue\ttime\tbase\n"),
            "lex.tsv:2: expected: cue<TAB>KIND<TAB>MATCH<TAB>PATTERN");
  EXPECT_EQ(ErrorOf(v + "except\tbase\n"), "lex.tsv:2: expected: except<TAB>MATCH<TAB>PATTERN");
  EXPECT_EQ(ErrorOf(v + "word\tx\n"),
            "lex.tsv:2: unknown record \"word\" (expected version, entry, cue or except)");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\n# c\nentry\tideation\t1\tbase\tx\n"),
            "lex.tsv:4: duplicate of line 2");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\tx\x01\n"),
            "lex.tsv:2: control character in the pattern");
  EXPECT_EQ(ErrorOf(v + "entry\tideation\t1\tbase\t\xe6\xad\n"), "lex.tsv:2: not valid UTF-8");
  EXPECT_EQ(ErrorOf(v + "version\t2\n"), "lex.tsv:2: a second \"version\" record");
  EXPECT_EQ(ErrorOf("entry\tideation\t1\tbase\tx\n"),
            "lex.tsv:1: the first record must be \"version\"");
  EXPECT_EQ(ErrorOf("# nothing\n"), "lex.tsv: no \"version\" record");
}

TEST(RiskLexiconTest, SameTextInDifferentRecordsIsNotADuplicate) {
  auto lexicon = Parse(
      "version\t1\n"
      "entry\tideation\t1\tbase\t今\n"
      "entry\tideation\t1\tsurface\t今\n"
      "entry\tself_harm\t1\tbase\t今\n"
      "cue\timminent\tbase\t今\n"
      "cue\ttime\tbase\t今\n");
  EXPECT_TRUE(lexicon) << lexicon.error().message;
}

TEST(RiskLexiconTest, PatternLengthLimitBothSides) {
  const std::string v = "version\t1\n";
  EXPECT_TRUE(Parse(v + "entry\tideation\t1\tsurface\t" + std::string(kRiskPatternBytesMax, 'a')));
  EXPECT_EQ(
      ErrorOf(v + "entry\tideation\t1\tsurface\t" + std::string(kRiskPatternBytesMax + 1, 'a')),
      "lex.tsv:2: pattern longer than " + std::to_string(kRiskPatternBytesMax) + " bytes");
}

TEST(RiskLexiconTest, GapLimitBothSides) {
  std::string pattern = "a";
  for (std::size_t i = 0; i < kRiskPatternGapsMax; ++i) pattern += " * a";
  EXPECT_TRUE(Parse("version\t1\nentry\tideation\t1\tbase\t" + pattern));
  EXPECT_EQ(ErrorOf("version\t1\nentry\tideation\t1\tbase\t" + pattern + " * a"),
            "lex.tsv:2: more than " + std::to_string(kRiskPatternGapsMax) +
                " gaps (\"*\") in the pattern");
}

TEST(RiskLexiconTest, FileSizeLimitBothSides) {
  std::string text = "version\t1\n#";
  text.resize(kRiskLexiconBytesMax, 'x');
  EXPECT_TRUE(Parse(text));
  text.push_back('x');
  auto lexicon = Parse(text);
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(lexicon.error().code, ErrorCode::kLimitExceeded);
}

TEST(RiskLexiconTest, NamesRoundTrip) {
  for (RiskCategory c : kAllRiskCategories) {
    EXPECT_EQ(ParseRiskCategory(RiskCategoryName(c)), c);
    EXPECT_FALSE(RiskCategoryLabelJa(c).empty());
  }
  for (std::size_t k = 0; k < kCueKindCount; ++k) {
    const auto kind = static_cast<CueKind>(k);
    EXPECT_EQ(ParseCueKind(CueKindName(kind)), kind);
  }
  EXPECT_EQ(ParseRiskCategory("Ideation"), std::nullopt);
  EXPECT_EQ(RiskModifierName(RiskModifier::kReported), "reported");
}

}  // namespace
}  // namespace tsunagu::core::risk
