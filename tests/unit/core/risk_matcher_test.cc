// The rules of core/risk/risk_matcher.h on hand-made token sequences, so they are tested without
// MeCab: a token is written "surface/base/pos/detail", and a space before it in the message is
// written as a leading "_". Patterns are folded by identity, and a base phrase is split on "/".
#include "core/risk/risk_matcher.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace tsunagu::core::risk {
namespace {

struct Message {
  std::string original;
  AnalyzedText text;
};

// "死に/死ぬ/動詞/自立 たい/たい/助動詞/*": the key is the surfaces joined, the original the
// same with a space for each "_". Token offsets point into the original.
Message Tokens(const std::string& spec) {
  Message m;
  std::istringstream in(spec);
  for (std::string item; in >> item;) {
    Token token;
    if (item[0] == '_') {
      item.erase(0, 1);
      token.space_before = true;
      m.original += ' ';
    }
    std::vector<std::string> fields;
    std::istringstream parts(item);
    for (std::string field; std::getline(parts, field, '/');) fields.push_back(field);
    fields.resize(4, "*");
    token.surface = fields[0];
    token.base = fields[1] == "*" ? fields[0] : fields[1];
    token.pos = fields[2];
    token.pos_detail = fields[3];
    token.key_begin = static_cast<std::uint32_t>(m.text.key.size());
    token.begin = static_cast<std::uint32_t>(m.original.size());
    for (std::size_t i = 0; i < token.surface.size(); ++i) {
      m.text.key_begin.push_back(static_cast<std::uint32_t>(m.original.size() + i));
      m.text.key_end.push_back(static_cast<std::uint32_t>(m.original.size() + i + 1));
    }
    m.text.key += token.surface;
    m.original += token.surface;
    token.key_end = static_cast<std::uint32_t>(m.text.key.size());
    token.end = static_cast<std::uint32_t>(m.original.size());
    m.text.tokens.push_back(token);
  }
  m.text.bytes_analyzed = m.original.size();
  return m;
}

RiskMatcher Matcher(const std::string& records) {
  auto lexicon = ParseLexicon("version\ttest\n" + records, "test.tsv");
  EXPECT_TRUE(lexicon) << lexicon.error().message;
  PatternFolder folder;
  folder.surface_key = [](std::string_view s) -> Result<std::string> { return std::string(s); };
  folder.base_words = [](std::string_view s) -> Result<std::vector<std::string>> {
    std::vector<std::string> words;
    std::istringstream in{std::string(s)};
    for (std::string w; std::getline(in, w, '/');) words.push_back(w);
    return words;
  };
  auto matcher = RiskMatcher::Build(std::move(*lexicon), folder);
  EXPECT_TRUE(matcher) << matcher.error().message;
  return std::move(*matcher);
}

const std::string kLexicon =
    "entry\tideation\t1\tbase\t死ぬ/たい\n"
    "entry\tideation\t1\tsurface\tしにたい\n"
    "entry\tideation\t1\tbase\t死ぬ/う\tintent\n"
    "entry\tideation\t0\tbase\t死ぬ/ほど\thyperbole\n"
    "entry\tideation\t1\tbase\t死ぬ\tfinal,intent,weak,needs=time|imminent\n"
    "entry\tplan_means\t2\tsurface\tod\tact\n"
    "entry\tplan_means\t2\tbase\t飛び降りる\tact\n"
    "entry\tabuse_family\t0\tbase\t殴る/れる\tby_agent\n"
    "entry\tsexual\t0\tbase\t触る/れる\tadds=family\n"
    "entry\tabuse_family\t0\tbase\tご飯/を/もらえる\tneeds_negation\n"
    "entry\tself_harm\t1\tbase\t腕 * 切る\n"
    "cue\timminent\tbase\t今から\n"
    "cue\ttime\tbase\t明日\n"
    "cue\tfarewell\tbase\tさようなら\n"
    "cue\tthird_party\tbase\t友達\n"
    "cue\town_child\tbase\t娘\n"
    "cue\ttopic\tbase\tニュース\n"
    "cue\thearsay\tbase\tらしい\n"
    "cue\tlaugh\tsurface\tw\n"
    "cue\ttrivial\tbase\t宿題\n"
    "cue\tidiom\tbase\t推し\n"
    "cue\tfamily\tbase\t父\n"
    "cue\tschool\tbase\t先輩\n"
    "except\tsurface\t指切\n";

const RiskMatcher& Default() {
  static const RiskMatcher matcher = Matcher(kLexicon);
  return matcher;
}

RiskAssessment Assess(const std::string& spec) { return Default().Assess(Tokens(spec).text); }

RiskCategorySet Set(std::initializer_list<RiskCategory> categories) {
  RiskCategorySet set;
  for (RiskCategory c : categories) set.Add(c);
  return set;
}

const auto kIdeation = RiskCategory::kIdeation;
const auto kPlan = RiskCategory::kPlanMeans;

TEST(RiskMatcherTest, IdeationAtLevelOneWithItsSpanInTheOriginal) {
  const Message m = Tokens("もう/*/副詞/* _死に/死ぬ/動詞/自立 たい/たい/助動詞/*");
  const RiskAssessment a = Default().Assess(m.text);
  EXPECT_EQ(a.level, RiskLevel::kIdeation);
  EXPECT_EQ(a.categories, Set({kIdeation}));
  ASSERT_EQ(a.matches.size(), 1u);
  EXPECT_EQ(m.original.substr(a.matches[0].begin, a.matches[0].end - a.matches[0].begin),
            "死にたい");
  EXPECT_EQ(a.matches[0].modifier, RiskModifier::kNone);
  EXPECT_EQ(a.matches[0].pattern, "死ぬ/たい");
  EXPECT_EQ(a.matches[0].lexicon_line, 2u);
  EXPECT_EQ(a.lexicon_version, "test");
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_NE(a.reasons[0].find("test.tsv:2"), std::string::npos) << a.reasons[0];
}

TEST(RiskMatcherTest, SurfaceAndBaseMatchesOfTheSameWordsAreOneMatch) {
  const RiskAssessment a = Assess("しに/しぬ/動詞/自立 たい/たい/助動詞/*");
  ASSERT_EQ(a.matches.size(), 1u);
  EXPECT_EQ(a.matches[0].pattern, "しにたい");
}

TEST(RiskMatcherTest, NegationIsASignalNotIdeation) {
  const RiskAssessment a = Assess("死に/死ぬ/動詞/自立 たく/たい/助動詞/* ない/ない/助動詞/*");
  EXPECT_EQ(a.level, RiskLevel::kNone);
  EXPECT_TRUE(a.categories.Empty());
  EXPECT_EQ(a.signals, Set({kIdeation}));
  ASSERT_EQ(a.matches.size(), 1u);
  EXPECT_EQ(a.matches[0].modifier, RiskModifier::kNegated);
}

TEST(RiskMatcherTest, NegationReachesThroughThinkingVerbsButNotOtherWords) {
  // 死にたいとは思ってない: negated.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* と/と/助詞/格助詞 は/は/助詞/係助詞 "
                   "思っ/思う/動詞/自立 て/てる/動詞/非自立 ない/ない/助動詞/*")
                .level,
            RiskLevel::kNone);
  // 死にたい気持ちが消えない: the negation belongs to 消える.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* 気持ち/気持ち/名詞/一般 "
                   "が/が/助詞/格助詞 消え/消える/動詞/自立 ない/ない/助動詞/*")
                .level,
            RiskLevel::kIdeation);
  // 死にたいけど…ない: the clause ends at けど.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* けど/けど/助詞/接続助詞 "
                   "言え/言える/動詞/自立 ない/ない/助動詞/*")
                .level,
            RiskLevel::kIdeation);
  // 死にたくないわけじゃない: a double negation.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たく/たい/助動詞/* ない/ない/助動詞/* "
                   "わけ/わけ/名詞/非自立 じゃ/じゃ/助詞/副助詞 ない/ない/助動詞/*")
                .level,
            RiskLevel::kIdeation);
}

TEST(RiskMatcherTest, HyperboleIsASignal) {
  const RiskAssessment entry =
      Assess("死ぬ/死ぬ/動詞/自立 ほど/ほど/助詞/副助詞 眠い/眠い/形容詞/自立");
  EXPECT_EQ(entry.level, RiskLevel::kNone);
  EXPECT_EQ(entry.signals, Set({kIdeation}));
  ASSERT_EQ(entry.matches.size(), 1u);
  EXPECT_EQ(entry.matches[0].modifier, RiskModifier::kHyperbole);

  // An idiom cue in the sentence: 推しが尊すぎて死にたい.
  EXPECT_EQ(Assess("推し/推し/名詞/一般 が/が/助詞/格助詞 死に/死ぬ/動詞/自立 たい/たい/助動詞/*")
                .matches.at(0)
                .modifier,
            RiskModifier::kHyperbole);
  // A laugh with a trivial cause: 宿題…死にたいw.
  EXPECT_EQ(Assess("宿題/宿題/名詞/一般 死に/死ぬ/動詞/自立 たい/たい/助動詞/* w/w/名詞/*").level,
            RiskLevel::kNone);
  // A laugh alone may mask real ideation: もう死にたいw.
  EXPECT_EQ(Assess("もう/もう/副詞/* 死に/死ぬ/動詞/自立 たい/たい/助動詞/* w/w/名詞/*").level,
            RiskLevel::kIdeation);
}

TEST(RiskMatcherTest, WeakEntriesNeedTheirCuesOrAreHyperbole) {
  // 暑すぎて死ぬ: no time or imminent cue.
  const RiskAssessment hot = Assess("暑/暑い/形容詞/自立 て/て/助詞/接続助詞 死ぬ/死ぬ/動詞/自立");
  EXPECT_EQ(hot.level, RiskLevel::kNone);
  ASSERT_EQ(hot.matches.size(), 1u);
  EXPECT_EQ(hot.matches[0].modifier, RiskModifier::kHyperbole);
  // 明日死ぬ: intent with a time is a plan.
  const RiskAssessment plan = Assess("明日/明日/名詞/副詞可能 死ぬ/死ぬ/動詞/自立");
  EXPECT_EQ(plan.level, RiskLevel::kPlanOrMeans);
  EXPECT_EQ(plan.categories, Set({kIdeation, kPlan}));
  // 今から死ぬ: imminent.
  EXPECT_EQ(Assess("今から/今から/副詞/* 死ぬ/死ぬ/動詞/自立").level, RiskLevel::kImminent);
  // 明日死ぬ気がする: not at the end of the sentence, so no match at all.
  EXPECT_TRUE(Assess("明日/明日/名詞/副詞可能 死ぬ/死ぬ/動詞/自立 気/気/名詞/一般 "
                     "が/が/助詞/格助詞 する/する/動詞/自立")
                  .matches.empty());
  // 明日の宿題で死ぬ: a trivial cause makes it hyperbole even with a time.
  EXPECT_EQ(Assess("明日/明日/名詞/副詞可能 宿題/宿題/名詞/一般 で/で/助詞/格助詞 "
                   "死ぬ/死ぬ/動詞/自立")
                .level,
            RiskLevel::kNone);
}

TEST(RiskMatcherTest, ReportedSpeechAboutAThirdPerson) {
  // 友達が死にたいって: reported.
  const RiskAssessment friend_ =
      Assess("友達/友達/名詞/一般 が/が/助詞/格助詞 死に/死ぬ/動詞/自立 たい/たい/助動詞/*");
  EXPECT_EQ(friend_.level, RiskLevel::kNone);
  EXPECT_EQ(friend_.signals, Set({kIdeation}));
  EXPECT_EQ(friend_.matches.at(0).modifier, RiskModifier::kReported);
  // 友達に死にたいって言った: the friend is told; the writer is at risk.
  EXPECT_EQ(Assess("友達/友達/名詞/一般 に/に/助詞/格助詞 死に/死ぬ/動詞/自立 "
                   "たい/たい/助動詞/*")
                .level,
            RiskLevel::kIdeation);
  // …死にたいらしい: hearsay after the match.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* らしい/らしい/助動詞/*").level,
            RiskLevel::kNone);
  // ニュース…飛び降りる: a topic anywhere in the sentence.
  EXPECT_EQ(
      Assess("ニュース/ニュース/名詞/一般 で/で/助詞/格助詞 飛び降りる/飛び降りる/動詞/自立").level,
      RiskLevel::kNone);
  // 娘が…らしい: a parent writing about their own child is not a third person.
  EXPECT_EQ(Assess("娘/娘/名詞/一般 が/が/助詞/格助詞 友達/友達/名詞/一般 が/が/助詞/格助詞 "
                   "死に/死ぬ/動詞/自立 たい/たい/助動詞/*")
                .level,
            RiskLevel::kIdeation);
  // A third person in another sentence does not count.
  EXPECT_EQ(Assess("友達/友達/名詞/一般 が/が/助詞/格助詞 。/。/記号/句点 死に/死ぬ/動詞/自立 "
                   "たい/たい/助動詞/*")
                .level,
            RiskLevel::kIdeation);
}

TEST(RiskMatcherTest, LevelsOfPlansAndImminence) {
  // OD alone: plan or means.
  const RiskAssessment od = Assess("od/od/名詞/* し/する/動詞/自立 た/た/助動詞/*");
  EXPECT_EQ(od.level, RiskLevel::kPlanOrMeans);
  EXPECT_EQ(od.categories, Set({kPlan}));
  // 今からOD: an act with an imminent cue.
  EXPECT_EQ(Assess("今から/今から/副詞/* od/od/名詞/* する/する/動詞/自立").level,
            RiskLevel::kImminent);
  // 飛び降りたい: a wished act is also ideation.
  EXPECT_EQ(Assess("飛び降り/飛び降りる/動詞/自立 たい/たい/助動詞/*").categories,
            Set({kIdeation, kPlan}));
  // 飛び降りようとした: an attempt in the past is a plan, not a wish.
  EXPECT_EQ(Assess("飛び降りよ/飛び降りる/動詞/自立 う/う/助動詞/* と/と/助詞/格助詞 "
                   "し/する/動詞/自立 た/た/助動詞/*")
                .categories,
            Set({kPlan}));
  // A farewell with ideation.
  const RiskAssessment farewell = Assess(
      "さようなら/さようなら/感動詞/* 。/。/記号/句点 死に/死ぬ/動詞/自立 たい/たい/助動詞/*");
  EXPECT_EQ(farewell.level, RiskLevel::kImminent);
  // The level is the highest of all matches.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* 。/。/記号/句点 od/od/名詞/*").level,
            RiskLevel::kPlanOrMeans);
}

TEST(RiskMatcherTest, ANegationAfterShikaMeansOnly) {
  const RiskMatcher matcher = Matcher("entry\tideation\t1\tbase\t死ぬ/こと * 考える\n");
  // 死ぬことしか考えられない: "nothing but", not a negation.
  const Message only = Tokens(
      "死ぬ/死ぬ/動詞/自立 こと/こと/名詞/非自立 しか/しか/助詞/係助詞 考え/考える/動詞/自立 "
      "られ/られる/動詞/接尾 ない/ない/助動詞/*");
  EXPECT_EQ(matcher.Assess(only.text).categories, Set({kIdeation}));
  // 死にたいとしか思えない: しか after the match.
  EXPECT_EQ(Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* と/と/助詞/格助詞 しか/しか/助詞/係助詞 "
                   "思え/思える/動詞/自立 ない/ない/助動詞/*")
                .level,
            RiskLevel::kIdeation);
  // 死ぬことは考えられない: negated.
  const Message negated = Tokens(
      "死ぬ/死ぬ/動詞/自立 こと/こと/名詞/非自立 は/は/助詞/係助詞 考え/考える/動詞/自立 "
      "られ/られる/動詞/接尾 ない/ない/助動詞/*");
  EXPECT_TRUE(matcher.Assess(negated.text).categories.Empty());
}

TEST(RiskMatcherTest, CuesInsideAFarewellDoNotCount) {
  const RiskMatcher matcher = Matcher(
      "entry\tideation\t1\tbase\t死ぬ/ます\tintent\n"
      "cue\timminent\tbase\t今\n"
      "cue\tfarewell\tbase\t今/まで/ありがとう\n");
  // 今までありがとう。死にます: a farewell (3), but 今 is not "now", so no plan.
  const Message farewell = Tokens(
      "今/今/名詞/副詞可能 まで/まで/助詞/副助詞 ありがとう/ありがとう/感動詞/* 。/。/記号/句点 "
      "死に/死ぬ/動詞/自立 ます/ます/助動詞/*");
  const RiskAssessment a = matcher.Assess(farewell.text);
  EXPECT_EQ(a.level, RiskLevel::kImminent);
  EXPECT_EQ(a.categories, Set({kIdeation}));
  // 今死にます: now it is.
  const Message now = Tokens("今/今/名詞/副詞可能 死に/死ぬ/動詞/自立 ます/ます/助動詞/*");
  EXPECT_EQ(matcher.Assess(now.text).categories, Set({kIdeation, kPlan}));
}

TEST(RiskMatcherTest, SelfHarmAsTheMeansOfDyingIsAPlan) {
  // 腕を切って死にたい: the cut is the method.
  const RiskAssessment means = Assess(
      "腕/腕/名詞/一般 を/を/助詞/格助詞 切っ/切る/動詞/自立 て/て/助詞/接続助詞 "
      "死に/死ぬ/動詞/自立 たい/たい/助動詞/*");
  EXPECT_EQ(means.categories, Set({kIdeation, kPlan}));
  EXPECT_EQ(means.level, RiskLevel::kPlanOrMeans);
  // 腕を切っても死にたい: a concession; the self-harm stays.
  EXPECT_EQ(Assess("腕/腕/名詞/一般 を/を/助詞/格助詞 切っ/切る/動詞/自立 て/て/助詞/接続助詞 "
                   "も/も/助詞/係助詞 死に/死ぬ/動詞/自立 たい/たい/助動詞/*")
                .categories,
            Set({kIdeation, RiskCategory::kSelfHarm}));
  // 腕を切った。死にたい: two things.
  EXPECT_EQ(Assess("腕/腕/名詞/一般 を/を/助詞/格助詞 切っ/切る/動詞/自立 た/た/助動詞/* "
                   "。/。/記号/句点 死に/死ぬ/動詞/自立 たい/たい/助動詞/*")
                .categories,
            Set({kIdeation, RiskCategory::kSelfHarm}));
}

TEST(RiskMatcherTest, AnActInThePastIsNotAWish) {
  const RiskMatcher matcher = Matcher("entry\tplan_means\t2\tbase\t薬/飲む/だ\tact\n");
  // 薬飲んだ。: reported, not declared.
  const Message past = Tokens("薬/薬/名詞/一般 飲ん/飲む/動詞/自立 だ/だ/助動詞/* 。/。/記号/句点");
  EXPECT_EQ(matcher.Assess(past.text).categories, Set({kPlan}));
}

TEST(RiskMatcherTest, WeakWithoutNeedsIsASignalOnlyWithATrivialCause) {
  const RiskMatcher matcher = Matcher(
      "entry\tself_harm\t1\tbase\t腕 * 傷\tweak\n"
      "entry\tideation,plan_means\t2\tbase\t屋上/に/いる\tact,needs=distress\n"
      "cue\ttrivial\tbase\t転ぶ\n"
      "cue\tdistress\tbase\t無理\n");
  const Message scar = Tokens("腕/腕/名詞/一般 に/に/助詞/格助詞 傷/傷/名詞/一般");
  EXPECT_EQ(matcher.Assess(scar.text).categories, Set({RiskCategory::kSelfHarm}));
  const Message fall = Tokens(
      "転ん/転ぶ/動詞/自立 で/て/助詞/接続助詞 腕/腕/名詞/一般 に/に/助詞/格助詞 "
      "傷/傷/名詞/一般");
  const RiskAssessment a = matcher.Assess(fall.text);
  EXPECT_TRUE(a.categories.Empty());
  EXPECT_EQ(a.signals, Set({RiskCategory::kSelfHarm}));
  // 屋上にいる needs a distress cue: 屋上にいる。無理
  const Message roof = Tokens("屋上/屋上/名詞/一般 に/に/助詞/格助詞 いる/いる/動詞/自立");
  EXPECT_TRUE(matcher.Assess(roof.text).categories.Empty());
  const Message distress = Tokens(
      "屋上/屋上/名詞/一般 に/に/助詞/格助詞 いる/いる/動詞/自立 。/。/記号/句点 "
      "無理/無理/名詞/形容動詞語幹");
  EXPECT_EQ(matcher.Assess(distress.text).categories, Set({kIdeation, kPlan}));
}

TEST(RiskMatcherTest, AgentsDecideOrAddCategories) {
  const auto by_father =
      Assess("父/父/名詞/一般 に/に/助詞/格助詞 殴ら/殴る/動詞/自立 れ/れる/動詞/接尾");
  EXPECT_EQ(by_father.categories, Set({RiskCategory::kAbuseFamily}));
  const auto by_senior =
      Assess("先輩/先輩/名詞/一般 に/に/助詞/格助詞 殴ら/殴る/動詞/自立 れ/れる/動詞/接尾");
  EXPECT_EQ(by_senior.categories, Set({RiskCategory::kBullying}));
  const auto nobody = Assess("殴ら/殴る/動詞/自立 れ/れる/動詞/接尾");
  EXPECT_EQ(nobody.categories, Set({RiskCategory::kAbuseFamily}));
  const auto touched =
      Assess("父/父/名詞/一般 に/に/助詞/格助詞 触ら/触る/動詞/自立 れ/れる/動詞/接尾");
  EXPECT_EQ(touched.categories, Set({RiskCategory::kSexual, RiskCategory::kAbuseFamily}));
  // adds=family only: a senior adds nothing.
  const auto touched_by_senior =
      Assess("先輩/先輩/名詞/一般 に/に/助詞/格助詞 触ら/触る/動詞/自立 れ/れる/動詞/接尾");
  EXPECT_EQ(touched_by_senior.categories, Set({RiskCategory::kSexual}));
}

TEST(RiskMatcherTest, NeedsNegationEntriesCountOnlyWhenNegated) {
  EXPECT_EQ(Assess("ご飯/ご飯/名詞/一般 を/を/助詞/格助詞 もらえ/もらえる/動詞/自立 "
                   "ない/ない/助動詞/*")
                .categories,
            Set({RiskCategory::kAbuseFamily}));
  EXPECT_TRUE(Assess("ご飯/ご飯/名詞/一般 を/を/助詞/格助詞 もらえ/もらえる/動詞/自立 "
                     "た/た/助動詞/*")
                  .matches.empty());
}

TEST(RiskMatcherTest, GapsExceptionsAndWordEdges) {
  // 腕 * 切る: up to three tokens between.
  EXPECT_EQ(Assess("腕/腕/名詞/一般 を/を/助詞/格助詞 また/また/副詞/* 切っ/切る/動詞/自立").level,
            RiskLevel::kIdeation);
  EXPECT_TRUE(Assess("腕/腕/名詞/一般 a/a/名詞/* b/b/名詞/* c/c/名詞/* d/d/名詞/* "
                     "切っ/切る/動詞/自立")
                  .matches.empty());
  // Not across sentences.
  EXPECT_TRUE(Assess("腕/腕/名詞/一般 。/。/記号/句点 切っ/切る/動詞/自立").matches.empty());
  // An exception swallows matches that overlap it.
  EXPECT_TRUE(Assess("腕/腕/名詞/一般 の/の/助詞/連体化 指/指/名詞/一般 切っ/切る/動詞/自立")
                  .matches.empty());
  // An ASCII pattern needs word edges: "od" inside "good" is not OD.
  EXPECT_TRUE(Assess("good/good/名詞/*").matches.empty());
  EXPECT_FALSE(Assess("od/od/名詞/* した/する/動詞/自立").matches.empty());
}

TEST(RiskMatcherTest, SpaceSeparatedPhrasesAreSentences) {
  // "学校行きたくない 死にたい": the negation of the first phrase does not reach the second.
  const RiskAssessment a = Assess("死に/死ぬ/動詞/自立 たい/たい/助動詞/* _ない/ない/助動詞/*");
  EXPECT_EQ(a.level, RiskLevel::kIdeation);
}

// Round 4 (docs/risk.md 3.3): the scope of a negation.
TEST(RiskMatcherTest, NegationStopsAtAConditionalAndReadsThroughNumbersAndDays) {
  const RiskMatcher matcher = Matcher(
      "entry\tplan_means\t2\tbase\t飛び降りる\tact\n"
      "entry\tideation\t1\tbase\t死ぬ/たい\n"
      "entry\tsexual\t0\tbase\t触る\n"
      "entry\tideation\t1\tbase\t殺す/て/くれる\n");
  // 飛び降りたらいなくなれる: the ない of いなくなる belongs to the consequence.
  const Message then = Tokens(
      "飛び降り/飛び降りる/動詞/自立 たら/た/助動詞/* い/いる/動詞/自立 なく/ない/助動詞/* "
      "なれる/なれる/動詞/自立");
  EXPECT_EQ(matcher.Assess(then.text).categories, Set({kPlan}));
  // 死にたいとか1ミリも思ってない: numbers and counters may stand before the negation.
  const Message mm = Tokens(
      "死に/死ぬ/動詞/自立 たい/たい/助動詞/* とか/とか/助詞/並立助詞 1/1/名詞/数 "
      "みり/みり/名詞/接尾 も/も/助詞/係助詞 思っ/思う/動詞/自立 ない/ない/助動詞/*");
  EXPECT_TRUE(matcher.Assess(mm.text).categories.Empty());
  // 死にたくない日がない: two negations, every day.
  const Message days = Tokens(
      "死に/死ぬ/動詞/自立 たく/たい/助動詞/* ない/ない/助動詞/* 日/日/名詞/一般 "
      "が/が/助詞/格助詞 ない/ない/助動詞/*");
  EXPECT_EQ(matcher.Assess(days.text).categories, Set({kIdeation}));
  // 死なへん (Kansai) is a negation.
  const RiskMatcher die = Matcher("entry\tideation\t1\tbase\t死ぬ\n");
  EXPECT_TRUE(die.Assess(Tokens("死な/死ぬ/動詞/自立 へん/へん/助動詞/*").text).categories.Empty());
  // 触っているのではないか: a question, not a negation.
  const Message question = Tokens(
      "触っ/触る/動詞/自立 て/て/助詞/接続助詞 いる/いる/動詞/非自立 の/の/名詞/非自立 "
      "で/だ/助動詞/* は/は/助詞/係助詞 ない/ない/助動詞/* か/か/助詞/副助詞");
  EXPECT_EQ(matcher.Assess(question.text).categories, Set({RiskCategory::kSexual}));
  // 殺してくれないかな: a request.
  const Message request = Tokens(
      "殺し/殺す/動詞/自立 て/て/助詞/接続助詞 くれ/くれる/動詞/非自立 ない/ない/助動詞/* "
      "か/か/助詞/副助詞 な/な/助詞/終助詞");
  EXPECT_EQ(matcher.Assess(request.text).categories, Set({kIdeation}));
}

TEST(RiskMatcherTest, TopicsNeedAParticleOrToBeWhatTheMatchDescribes) {
  const RiskMatcher matcher = Matcher(
      "entry\tideation\t1\tbase\t死ぬ/こと * 考える\n"
      "entry\tplan_means\t2\tbase\t飛び降りる\tact\n"
      "cue\ttopic\tbase\t授業\n"
      "cue\ttopic\tbase\t夢\n");
  // 死ぬことを考えながら授業受けてる: 授業 is what the writer is doing.
  const Message lesson = Tokens(
      "死ぬ/死ぬ/動詞/自立 こと/こと/名詞/非自立 を/を/助詞/格助詞 考え/考える/動詞/自立 "
      "ながら/ながら/助詞/接続助詞 授業/授業/名詞/一般 受け/受ける/動詞/自立");
  EXPECT_EQ(matcher.Assess(lesson.text).categories, Set({kIdeation}));
  // 授業で…: the source of the words.
  const Message topic = Tokens(
      "授業/授業/名詞/一般 で/で/助詞/格助詞 死ぬ/死ぬ/動詞/自立 こと/こと/名詞/非自立 "
      "を/を/助詞/格助詞 考え/考える/動詞/自立");
  EXPECT_TRUE(matcher.Assess(topic.text).categories.Empty());
  // 飛び降りる夢を見た: the match describes the topic.
  const Message dream =
      Tokens("飛び降りる/飛び降りる/動詞/自立 夢/夢/名詞/一般 見/見る/動詞/自立 た/た/助動詞/*");
  EXPECT_TRUE(matcher.Assess(dream.text).categories.Empty());
}

TEST(RiskMatcherTest, HearsayMustBelongToTheMatch) {
  const RiskMatcher matcher = Matcher(
      "entry\tideation\t1\tbase\t死ぬ/たい\n"
      "cue\thearsay\tbase\tっぽい\n"
      "cue\thearsay\tbase\tって/言う/てる\n");
  // 死にたいって言ってる: hearsay.
  const Message said = Tokens(
      "死に/死ぬ/動詞/自立 たい/たい/助動詞/* って/って/助詞/格助詞 言っ/言う/動詞/自立 "
      "てる/てる/動詞/非自立");
  EXPECT_TRUE(matcher.Assess(said.text).categories.Empty());
  // 死にたいって冗談っぽく言ってる: 冗談っぽく is how the writer says it.
  const Message joke = Tokens(
      "死に/死ぬ/動詞/自立 たい/たい/助動詞/* って/って/助詞/格助詞 冗談/冗談/名詞/一般 "
      "っぽく/っぽい/形容詞/接尾 言っ/言う/動詞/自立 てる/てる/動詞/非自立");
  EXPECT_EQ(matcher.Assess(joke.text).categories, Set({kIdeation}));
}

TEST(RiskMatcherTest, ThirdPersonsInTheirOwnClause) {
  const RiskMatcher matcher = Matcher(
      "entry\tideation\t1\tbase\t死ぬ/たい\n"
      "entry\tplan_means\t2\tsurface\tod\tact\n"
      "entry\tabuse_family\t0\tbase\t殴る\tneeds=family\n"
      "entry\tabuse_family\t0\tbase\t殴る/れる\tby_agent\n"
      "entry\tsexual\t0\tbase\tキス\n"
      "cue\tthird_party\tbase\t友達\n"
      "cue\tthird_party\tbase\t先輩\n"
      "cue\tthird_party\tbase\t兄\n"
      "cue\tthird_party\tbase\t母\n"
      "cue\tthird_party\tbase\tフォロワー\n"
      "cue\tfamily\tbase\t兄\n"
      "cue\tfamily\tbase\t母\n");
  const auto assess = [&](const std::string& spec) { return matcher.Assess(Tokens(spec).text); };
  // 友達が無視するから死にたい: the friend's clause ends at から.
  EXPECT_EQ(assess("友達/友達/名詞/一般 が/が/助詞/格助詞 無視/無視/名詞/サ変接続 "
                   "する/する/動詞/自立 から/から/助詞/接続助詞 死に/死ぬ/動詞/自立 "
                   "たい/たい/助動詞/*")
                .categories,
            Set({kIdeation}));
  // 母が怒ると死にたくなる: と after a verb is a condition.
  EXPECT_EQ(assess("母/母/名詞/一般 が/が/助詞/格助詞 怒る/怒る/動詞/自立 と/と/助詞/格助詞 "
                   "死に/死ぬ/動詞/自立 たく/たい/助動詞/* なる/なる/動詞/自立")
                .categories,
            Set({kIdeation}));
  // 母は私が死にたいって知らない: the first person takes over.
  EXPECT_EQ(assess("母/母/名詞/一般 は/は/助詞/係助詞 私/私/名詞/代名詞 が/が/助詞/格助詞 "
                   "死に/死ぬ/動詞/自立 たい/たい/助動詞/*")
                .categories,
            Set({kIdeation}));
  // 兄がODした: a sibling is a third person for the suicide-related categories...
  EXPECT_TRUE(assess("兄/兄/名詞/一般 が/が/助詞/格助詞 od/od/名詞/* し/する/動詞/自立 "
                     "た/た/助動詞/*")
                  .categories.Empty());
  // ...but the one who acts in 兄が殴ってくる, and the victim in 兄が殴られてる.
  EXPECT_EQ(assess("兄/兄/名詞/一般 が/が/助詞/格助詞 殴っ/殴る/動詞/自立 て/て/助詞/接続助詞 "
                   "くる/くる/動詞/非自立")
                .categories,
            Set({RiskCategory::kAbuseFamily}));
  EXPECT_TRUE(assess("兄/兄/名詞/一般 が/が/助詞/格助詞 殴ら/殴る/動詞/自立 れ/れる/動詞/接尾 "
                     "てる/てる/動詞/非自立")
                  .categories.Empty());
  // フォロワーさんが死にたいって: a title between; 友達死にたいって: no particle at all.
  EXPECT_TRUE(assess("フォロワー/フォロワー/名詞/一般 さん/さん/名詞/接尾 が/が/助詞/格助詞 "
                     "死に/死ぬ/動詞/自立 たい/たい/助動詞/*")
                  .categories.Empty());
  EXPECT_TRUE(
      assess("友達/友達/名詞/一般 死に/死ぬ/動詞/自立 たい/たい/助動詞/*").categories.Empty());
  // 先輩の家で無理やりキス: for the welfare categories の is where, not whose.
  EXPECT_EQ(assess("先輩/先輩/名詞/一般 の/の/助詞/連体化 家/家/名詞/一般 で/で/助詞/格助詞 "
                   "キス/キス/名詞/サ変接続")
                .categories,
            Set({RiskCategory::kSexual}));
}

TEST(RiskMatcherTest, DeclaredActsAndAttempts) {
  const RiskMatcher matcher = Matcher(
      "entry\tplan_means\t2\tbase\t飛び降りる\tact\n"
      "entry\tplan_means\t2\tbase\t飛ぶ\tact,final\n"
      "entry\tplan_means\t2\tsurface\tod\tact\n"
      "entry\tplan_means\t2\tbase\t首 * 吊る\tact\n");
  const auto categories = [&](const std::string& spec) {
    return matcher.Assess(Tokens(spec).text).categories;
  };
  // 「これから飛ぶ、ごめん」: a comma or a closing quote ends the declaration.
  EXPECT_EQ(categories("飛ぶ/飛ぶ/動詞/自立 、/、/記号/読点 ごめん/ごめん/感動詞/*"),
            Set({kIdeation, kPlan}));
  EXPECT_EQ(categories("飛ぶ/飛ぶ/動詞/自立 」/」/記号/括弧閉 と/と/助詞/格助詞"),
            Set({kIdeation, kPlan}));
  // 飛び降りたるわ, 首吊ったろかな (Kansai), 飛び降りよっかな (spoken volitional).
  EXPECT_EQ(categories("飛び降り/飛び降りる/動詞/自立 たる/たり/助動詞/* わ/わ/助詞/終助詞"),
            Set({kIdeation, kPlan}));
  EXPECT_EQ(categories("首/首/名詞/一般 吊っ/吊る/動詞/自立 たろ/た/助動詞/* "
                       "か/か/助詞/副助詞 な/な/助詞/終助詞"),
            Set({kIdeation, kPlan}));
  EXPECT_EQ(categories("飛び降り/飛び降りる/動詞/自立 よっ/よる/動詞/自立 か/か/助詞/副助詞"),
            Set({kIdeation, kPlan}));
  // ODする。 ODしてくる。 飛び降りると言っています: declared.
  EXPECT_EQ(categories("od/od/名詞/* する/する/動詞/自立 。/。/記号/句点"),
            Set({kIdeation, kPlan}));
  EXPECT_EQ(categories("od/od/名詞/* し/する/動詞/自立 て/て/助詞/接続助詞 "
                       "くる/くる/動詞/非自立"),
            Set({kIdeation, kPlan}));
  EXPECT_EQ(categories("飛び降りる/飛び降りる/動詞/自立 と/と/助詞/格助詞 言っ/言う/動詞/自立 "
                       "て/て/助詞/接続助詞 い/いる/動詞/非自立 ます/ます/助動詞/*"),
            Set({kIdeation, kPlan}));
  // 首つろうとして: として is one particle to ipadic; still an attempt.
  EXPECT_EQ(categories("首/首/名詞/一般 つろ/吊る/動詞/自立 う/う/助動詞/* "
                       "として/として/助詞/格助詞"),
            Set({kPlan}));
  // 「飛び降り 高さ」: the stem before a space is a noun (a search), not a declaration.
  EXPECT_EQ(categories("飛び降り/飛び降りる/動詞/自立 _高さ/高さ/名詞/一般"), Set({kPlan}));
}

TEST(RiskMatcherTest, NearCuesLongGapsAndPassives) {
  const RiskMatcher matcher = Matcher(
      "entry\tself_harm\t1\tbase\t噛む\tweak,near=harm,needs=body\n"
      "entry\tself_harm\t1\tbase\t自分 ** 叩く\n"
      "entry\tself_harm\t1\tbase\t腕 * 切る\n"
      "cue\tbody\tbase\t腕\n"
      "cue\tharm\tbase\t血\n");
  const auto categories = [&](const std::string& spec) {
    return matcher.Assess(Tokens(spec).text).categories;
  };
  const RiskCategorySet kSelfHarm = Set({RiskCategory::kSelfHarm});
  // 腕を噛んで血が出た: a body part in the message and a sign in the sentence.
  EXPECT_EQ(categories("腕/腕/名詞/一般 を/を/助詞/格助詞 噛ん/噛む/動詞/自立 で/て/助詞/接続助詞 "
                       "血/血/名詞/一般 が/が/助詞/格助詞 出/出る/動詞/自立"),
            kSelfHarm);
  // 腕を噛んだ。血が出た: the sign is in another sentence.
  EXPECT_TRUE(categories("腕/腕/名詞/一般 を/を/助詞/格助詞 噛ん/噛む/動詞/自立 だ/た/助動詞/* "
                         "。/。/記号/句点 血/血/名詞/一般")
                  .Empty());
  // ガムを噛んで…血: no body part.
  EXPECT_TRUE(categories("ガム/ガム/名詞/一般 を/を/助詞/格助詞 噛ん/噛む/動詞/自立 "
                         "血/血/名詞/一般")
                  .Empty());
  // 犬に腕を噛まれて血が出た: a passive is someone else's act.
  EXPECT_TRUE(categories("腕/腕/名詞/一般 を/を/助詞/格助詞 噛ま/噛む/動詞/自立 "
                         "れ/れる/動詞/接尾 て/て/助詞/接続助詞 血/血/名詞/一般")
                  .Empty());
  // 自分のお腹を何回も叩いてしまう: a long gap of 6 tokens.
  EXPECT_EQ(
      categories("自分/自分/名詞/一般 の/の/助詞/連体化 お腹/お腹/名詞/一般 を/を/助詞/格助詞 "
                 "何/何/名詞/数 回/回/名詞/接尾 も/も/助詞/係助詞 叩い/叩く/動詞/自立"),
      kSelfHarm);
  // Nine tokens are too many, and a long gap does not cross a sentence.
  EXPECT_TRUE(
      categories("自分/自分/名詞/一般 a/a/名詞/* b/b/名詞/* c/c/名詞/* d/d/名詞/* "
                 "e/e/名詞/* f/f/名詞/* g/g/名詞/* h/h/名詞/* i/i/名詞/* 叩い/叩く/動詞/自立")
          .Empty());
  EXPECT_TRUE(categories("自分/自分/名詞/一般 。/。/記号/句点 叩い/叩く/動詞/自立").Empty());
  // 腕 切った: a space does not split a base pattern (it is dropped from the key too).
  EXPECT_EQ(categories("腕/腕/名詞/一般 _切っ/切る/動詞/自立 た/た/助動詞/*"), kSelfHarm);
}

TEST(RiskMatcherTest, BareAllowsWordsForWhen) {
  const RiskMatcher matcher = Matcher("entry\tself_harm\t1\tbase\t切る/てる\tbare\n");
  // 殴られたあとは必ず切ってる: あと is when, not what.
  const Message after = Tokens(
      "あと/あと/名詞/一般 は/は/助詞/係助詞 必ず/必ず/副詞/一般 切っ/切る/動詞/自立 "
      "てる/てる/動詞/非自立");
  EXPECT_EQ(matcher.Assess(after.text).categories, Set({RiskCategory::kSelfHarm}));
  const Message paper =
      Tokens("紙/紙/名詞/一般 は/は/助詞/係助詞 切っ/切る/動詞/自立 てる/てる/動詞/非自立");
  EXPECT_TRUE(matcher.Assess(paper.text).categories.Empty());
}

TEST(RiskMatcherTest, EmptyTextAndTruncation) {
  AnalyzedText empty;
  const RiskAssessment a = Default().Assess(empty);
  EXPECT_EQ(a.level, RiskLevel::kNone);
  EXPECT_TRUE(a.matches.empty());
  AnalyzedText truncated = Tokens("死に/死ぬ/動詞/自立 たい/たい/助動詞/*").text;
  truncated.truncated = true;
  const RiskAssessment t = Default().Assess(truncated);
  EXPECT_TRUE(t.truncated);
  EXPECT_EQ(t.level, RiskLevel::kIdeation);
}

TEST(RiskMatcherTest, BuildErrorsNameTheLexiconLine) {
  auto lexicon = ParseLexicon("version\t1\nentry\tideation\t1\tsurface\tー\n", "x.tsv");
  ASSERT_TRUE(lexicon);
  PatternFolder folder;
  folder.surface_key = [](std::string_view) -> Result<std::string> { return std::string(); };
  folder.base_words = [](std::string_view) -> Result<std::vector<std::string>> {
    return std::vector<std::string>{};
  };
  auto matcher = RiskMatcher::Build(std::move(*lexicon), folder);
  ASSERT_FALSE(matcher);
  EXPECT_EQ(matcher.error().message, "x.tsv:2: the pattern is empty once normalised");
}

}  // namespace
}  // namespace tsunagu::core::risk
