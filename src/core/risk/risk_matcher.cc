#include "core/risk/risk_matcher.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <utility>

#include "core/check.h"

namespace tsunagu::core::risk {
namespace {

constexpr std::uint32_t kNoToken = std::numeric_limits<std::uint32_t>::max();
// Negation is looked for in at most this many tokens after a match, inside its clause.
constexpr std::size_t kNegationWindowTokens = 10;
// Context cues count in the match's sentence and at most this many tokens away from it, so that
// a long text without punctuation (one "sentence") neither links far-apart words nor makes the
// analysis quadratic.
constexpr std::size_t kContextWindowTokens = 24;

// The code point at text[i], advancing i. Invalid bytes count as one U+FFFD each, so a bad key
// cannot make the scan read past its end or stall.
char32_t NextCodePoint(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 1;
  char32_t cp = lead;
  if (lead >= 0xF0 && lead < 0xF8) {
    length = 4;
    cp = lead & 0x07;
  } else if (lead >= 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0x80) {
    ++i;
    return 0xFFFD;
  }
  if (length > 1) {
    if (text.size() - i < length) {
      ++i;
      return 0xFFFD;
    }
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if ((byte & 0xC0) != 0x80) {
        ++i;
        return 0xFFFD;
      }
      cp = (cp << 6) | (byte & 0x3F);
    }
  }
  i += length;
  return cp;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsSentenceEnd(const Token& token) {
  if (token.pos_detail == "句点") return true;
  if (token.surface.empty()) return false;
  std::size_t i = 0;
  while (i < token.surface.size()) {
    const char32_t cp = NextCodePoint(token.surface, i);
    if (cp != U'。' && cp != U'.' && cp != U'!' && cp != U'?' && cp != U'\n') return false;
  }
  return true;
}

bool IsOneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// A clause ends at a sentence end, a comma, or a conjunctive particle such as けど or のに:
// "死にたくないけど" negates, "死にたいけど死ねない" does not.
bool EndsClause(const Token& token) {
  if (IsSentenceEnd(token) || token.pos_detail == "読点" || token.surface == "、" ||
      token.surface == ",") {
    return true;
  }
  return token.pos == "助詞" && token.pos_detail == "接続助詞" &&
         IsOneOf(token.base, {"けど", "けれど", "けれども", "が", "のに", "ので", "から", "し"});
}

bool IsNegation(const Token& token) {
  // へん and ひん are the Kansai negation: "死なへん", "切らへん", "来ひん".
  if (token.pos == "助動詞") {
    return IsOneOf(token.base, {"ない", "ぬ", "ん", "ず", "まい", "へん", "ひん"});
  }
  if (token.pos == "形容詞") return IsOneOf(token.base, {"ない", "なし"});
  return false;
}

// A conditional (たら, ば, なら): what follows is its consequence, so a negation after it does
// not negate the match ("飛び降りたらいなくなれる", "ODしたら死なない？").
bool IsConditional(const Token& token) {
  if (token.pos == "助動詞") return IsOneOf(token.surface, {"たら", "だら", "なら"});
  return token.pos == "助詞" && token.pos_detail == "接続助詞" && token.base == "ば";
}

// "叩かないと", "リスカしないと落ち着かない": the negation at `k` makes a condition, not a
// negation of the act. But "死にたくないと思う/言った" quotes a negation.
bool IsCondition(const std::vector<Token>& tokens, std::size_t k) {
  if (k + 1 >= tokens.size() || tokens[k + 1].pos != "助詞" || tokens[k + 1].base != "と") {
    return false;
  }
  if (k + 2 >= tokens.size()) return true;
  const Token& next = tokens[k + 2];
  if (IsOneOf(next.base, {"思う", "考える"})) return false;
  // 言う quotes, except in 言うことを聞く (to obey): "叩かないと言うことを聞かない".
  if (next.base == "言う") return k + 3 < tokens.size() && tokens[k + 3].base == "こと";
  return true;
}

// "触っているのではないか", "ODしたんじゃないか": a question, not a negation of the match; and
// "殺してくれないかな", "消してもらえないか": a request.
bool IsRhetorical(const std::vector<Token>& tokens, std::size_t k) {
  if (k == 0 || k + 1 >= tokens.size() || tokens[k + 1].base != "か") return false;
  const Token& before = tokens[k - 1];
  return before.surface == "じゃ" || before.surface == "では" ||
         IsOneOf(before.base, {"くれる", "もらえる"}) ||
         (before.base == "は" && k >= 2 && tokens[k - 2].surface == "で");
}

// Words that may stand between a match and its negation: "死にたい[とは思って]ない",
// "死ぬ[つもりは]ない", "死にたい[わけじゃ]ない". Anything else ends the search: in
// "死にたい気持ちが消えない" the negation belongs to 消える.
bool MayPrecedeNegation(const Token& token) {
  if (token.pos == "助詞" || token.pos == "助動詞" || token.pos == "副詞" ||
      token.pos == "フィラー") {
    return true;  // なんか is a filler to ipadic: 死にたくなんかない
  }
  if (token.pos == "動詞") {
    if (token.pos_detail == "接尾") return true;  // れる, られる, せる: 殴られたことはない
    return IsOneOf(token.base, {"する", "思う", "考える", "言う", "いる", "ある", "てる", "おる",
                                "なる", "しまう", "ちゃう"});
  }
  if (token.pos == "名詞") {
    // Numbers and counters: "死にたいとか1ミリも思ってない", "一回もしてない".
    if (token.pos_detail == "数" || token.pos_detail == "接尾") return true;
    // A day or a time: "死にたくない日がない" (two negations: every day).
    if (IsOneOf(token.base, {"日", "時", "とき", "夜", "朝", "瞬間"})) return true;
    return IsOneOf(token.base, {"わけ", "訳", "こと", "事", "つもり", "気", "の", "ん", "度", "一",
                                "一度", "別", "もの", "とか"});
  }
  return false;
}

std::string CategoryNames(RiskCategorySet categories) {
  std::string out;
  for (RiskCategory c : kAllRiskCategories) {
    if (!categories.Has(c)) continue;
    if (!out.empty()) out += "+";
    out += RiskCategoryLabelJa(c);
    out += " (";
    out += RiskCategoryName(c);
    out += ")";
  }
  return out;
}

}  // namespace

struct RiskMatcher::Hit {
  std::uint32_t pattern = 0;
  std::uint32_t first = kNoToken;  // tokens [first, last], kNoToken when the text has none
  std::uint32_t last = kNoToken;
  std::size_t begin = 0;  // bytes of the original text
  std::size_t end = 0;
};

// The cues found in one message, and the questions the rules ask about them.
class RiskMatcher::Context {
 public:
  Context(const AnalyzedText& text, const std::vector<std::uint16_t>& sentence)
      : text_(text), sentence_(sentence) {}

  void AddCue(CueKind kind, const Hit& hit) {
    cues_[static_cast<std::size_t>(kind)].push_back(hit);
  }
  // After the last AddCue: drops the cues inside a farewell (今 in 今までありがとう is not
  // "now"), and orders each kind's cues by sentence, so that the questions below look only at
  // one sentence (a long message can hold thousands of cues).
  void Seal() {
    auto farewells = cues_[static_cast<std::size_t>(CueKind::kFarewell)];
    if (!farewells.empty()) {
      // Sorted by begin, with the largest end so far: a hit is inside a farewell when one that
      // begins at or before it ends at or after it. O(n log n) however many cues there are.
      std::sort(farewells.begin(), farewells.end(),
                [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
      std::vector<std::size_t> end_max(farewells.size());
      for (std::size_t i = 0; i < farewells.size(); ++i) {
        end_max[i] = std::max(farewells[i].end, i > 0 ? end_max[i - 1] : 0);
      }
      const auto inside = [&](const Hit& hit) {
        const auto past = std::upper_bound(
            farewells.begin(), farewells.end(), hit.begin,
            [](std::size_t begin, const Hit& farewell) { return begin < farewell.begin; });
        return past != farewells.begin() &&
               end_max[static_cast<std::size_t>(past - farewells.begin()) - 1] >= hit.end;
      };
      for (std::size_t k = 0; k < kCueKindCount; ++k) {
        if (k == static_cast<std::size_t>(CueKind::kFarewell)) continue;
        std::erase_if(cues_[k], inside);
      }
    }
    for (auto& hits : cues_) {
      std::stable_sort(hits.begin(), hits.end(),
                       [&](const Hit& a, const Hit& b) { return KeyOf(a) < KeyOf(b); });
    }
    // A trivial cause (宿題, テスト, 転んで) that is not a point in time: in
    // "テストが終わったら死ぬ" the test says when (a time cue follows within 2 tokens), not why.
    std::vector<bool> time_starts(text_.tokens.size() + 3, false);
    for (const Hit& time : cues_[static_cast<std::size_t>(CueKind::kTime)]) {
      if (time.first != kNoToken) time_starts[time.first] = true;
    }
    for (const Hit& trivial : cues_[static_cast<std::size_t>(CueKind::kTrivial)]) {
      if (trivial.last == kNoToken ||
          !(time_starts[trivial.last + 1] || time_starts[trivial.last + 2])) {
        trivial_cause_ = true;
        break;
      }
    }
  }

  const Hit* InMessage(CueKind kind) const {
    const auto& hits = cues_[static_cast<std::size_t>(kind)];
    return hits.empty() ? nullptr : &hits.front();
  }
  bool HasAny(CueKindSet kinds) const {
    for (std::size_t k = 0; k < kCueKindCount; ++k) {
      if ((kinds & CueBit(static_cast<CueKind>(k))) != 0 && !cues_[k].empty()) return true;
    }
    return false;
  }
  // A cue of this kind in the sentence of token `at`.
  const Hit* InSentence(CueKind kind, std::uint32_t at) const {
    if (at == kNoToken) return nullptr;
    const std::span<const Hit> hits = Near(kind, at);
    return hits.empty() ? nullptr : &hits.front();
  }
  // A cue of this kind in the sentence of the hit that is not part of the hit itself
  // (パパ in パパ活 is not a father).
  bool InSentenceOutside(CueKind kind, const Hit& hit) const {
    if (hit.first == kNoToken) return false;
    for (const Hit& cue : Near(kind, hit.first)) {
      if (cue.end <= hit.begin || cue.begin >= hit.end) return true;
    }
    return false;
  }

  // A cue of this kind in the same sentence, ending before token `at`.
  std::vector<const Hit*> Before(CueKind kind, std::uint32_t at) const {
    std::vector<const Hit*> out;
    if (at == kNoToken) return out;
    for (const Hit& hit : Near(kind, at)) {
      if (hit.last < at) out.push_back(&hit);
    }
    return out;
  }
  // A cue of this kind in the same sentence, starting after token `at`.
  bool After(CueKind kind, std::uint32_t at) const {
    if (at == kNoToken) return false;
    for (const Hit& hit : Near(kind, at)) {
      if (hit.first > at) return true;
    }
    return false;
  }

  // Negations after the match [first, last] in its clause: odd means negated ("死にたくない"),
  // even means a double negation ("死にたくないわけじゃない"). After しか a negation means
  // "only" ("死ぬことしか考えられない", "死にたいとしか思えない") and is not counted.
  int CountNegations(std::uint32_t first, std::uint32_t last) const {
    if (last == kNoToken) return 0;
    const auto& tokens = text_.tokens;
    const auto is_shika = [&](std::size_t k) {
      return tokens[k].pos == "助詞" && tokens[k].base == "しか";
    };
    for (std::size_t k = first; k <= last && k < tokens.size(); ++k) {
      if (is_shika(k)) return 0;
    }
    int negations = 0;
    const std::size_t stop = std::min(tokens.size(), last + 1 + kNegationWindowTokens);
    for (std::size_t k = last + 1; k < stop; ++k) {
      if (sentence_[k] != sentence_[last] || EndsClause(tokens[k])) break;
      if (is_shika(k) || IsConditional(tokens[k])) break;
      if (IsNegation(tokens[k])) {
        if (IsCondition(tokens, k) || IsRhetorical(tokens, k)) break;
        ++negations;
      } else if (!MayPrecedeNegation(tokens[k])) {
        break;
      }
    }
    return negations;
  }

  // Nothing but symbols and sentence-final particles until the sentence ends ("今夜死ぬ。",
  // "今から死ぬよ"). After a verb, a comma or a closing quote ends it too ("「これから飛ぶ、
  // ごめん」", "「今夜死ぬ」と"), but not after a noun ("去年OD、入院した").
  bool AtSentenceEnd(std::uint32_t last) const {
    if (last == kNoToken) return true;
    const auto& tokens = text_.tokens;
    const bool verb = tokens[last].pos == "動詞" || tokens[last].pos == "助動詞";
    for (std::size_t k = last + 1; k < tokens.size(); ++k) {
      if (sentence_[k] != sentence_[last] || IsSentenceEnd(tokens[k])) return true;
      const Token& token = tokens[k];
      if (verb &&
          (token.pos_detail == "読点" || token.pos_detail == "括弧閉" || token.surface == "、")) {
        return true;
      }
      if (token.pos == "記号") continue;
      if (token.pos == "助詞" && token.pos_detail == "終助詞") continue;
      if (InMessageAt(CueKind::kLaugh, k)) continue;
      return false;
    }
    return true;
  }

  // An act declared or wished: "飛び降りる。", "飛び降りたい", "首吊ろうかな", "ODするつもり".
  bool IsWilled(std::uint32_t last) const {
    if (last == kNoToken) return false;
    const auto& tokens = text_.tokens;
    // A pattern that ends in the past tense reports ("薬いっぱい飲んだ。").
    if (tokens[last].pos == "助動詞" &&
        (tokens[last].base == "た" ||
         (tokens[last].base == "だ" && last > 0 && tokens[last - 1].pos == "動詞"))) {
      return false;
    }
    // At the end of a sentence the verb must be whole: "飛び降りる。" declares, but the stem in
    // "「飛び降り 高さ」" (a search) is a noun.
    const bool stem = tokens[last].pos == "動詞" && tokens[last].surface != tokens[last].base;
    if (!stem && AtSentenceEnd(last)) return true;
    const std::size_t stop = std::min(tokens.size(), static_cast<std::size_t>(last) + 4);
    for (std::size_t k = last + 1; k < stop; ++k) {
      if (sentence_[k] != sentence_[last]) break;
      const Token& token = tokens[k];
      if (token.pos == "助動詞" && IsOneOf(token.base, {"う", "よう"})) {
        // "首吊ろうとした" is an attempt (a plan in the past), not a wish.
        return !IsToSuru(k + 1);
      }
      // Kansai: "飛び降りたる" (I will), "首吊ったろか" (shall I).
      if (token.pos == "助動詞" && (IsOneOf(token.surface, {"たる", "だる"}) ||
                                    (IsOneOf(token.surface, {"たろ", "だろ"}) &&
                                     k + 1 < tokens.size() && tokens[k + 1].base == "か"))) {
        return true;
      }
      if (token.pos == "助動詞" && token.base == "たい") return true;
      // Spoken volitional forms that ipadic splits oddly: "飛び降りよっかな", "首吊ろっかな".
      if (IsOneOf(token.surface, {"よっ", "おっ", "ろっ", "っ"}) && k + 1 < tokens.size() &&
          tokens[k + 1].base == "か") {
        return true;
      }
      // "飛び降りるって言ってる", "死ぬと言っています": the act declared in a quote.
      if (token.pos == "助詞" && IsOneOf(token.base, {"と", "って"}) && k + 1 < tokens.size() &&
          tokens[k + 1].base == "言う") {
        return true;
      }
      // "ODしてくる": going to do it.
      if (token.pos == "動詞" && token.pos_detail == "非自立" && token.surface == "くる" &&
          AtSentenceEnd(k)) {
        return true;
      }
      if (token.pos == "助動詞" && token.base == "ます") {
        // "首を吊ります" declares; "吊りました" reports.
        return !(k + 1 < tokens.size() && tokens[k + 1].pos == "助動詞" &&
                 tokens[k + 1].base == "た");
      }
      if (IsOneOf(token.base, {"つもり", "決める"})) return true;
      // する in "ODする", the verb's own suffixes, and particles may come first; "ODする。"
      // declares.
      if (token.pos != "動詞" && token.pos != "助詞") break;
      if (k == last + 1 && token.surface == "する" && AtSentenceEnd(k)) return true;
    }
    return false;
  }

  // An attempt: "死のうとした", "自殺しようとした" (う or よう, then と and する).
  bool IsAttempt(std::uint32_t last) const {
    if (last == kNoToken) return false;
    const auto& tokens = text_.tokens;
    std::size_t k = last;
    if (!(tokens[k].pos == "助動詞" && IsOneOf(tokens[k].base, {"う", "よう"}))) {
      ++k;
      if (k >= tokens.size() ||
          !(tokens[k].pos == "助動詞" && IsOneOf(tokens[k].base, {"う", "よう"}))) {
        return false;
      }
    }
    return k + 1 < tokens.size() && sentence_[k + 1] == sentence_[last] && IsToSuru(k + 1);
  }

  // と+する at token k ("死のうとした", "首つろうとして"), where ipadic may also read として as
  // one particle.
  bool IsToSuru(std::size_t k) const {
    const auto& tokens = text_.tokens;
    if (k < tokens.size() && tokens[k].pos == "助詞" && tokens[k].base == "として") return true;
    return k + 1 < tokens.size() && tokens[k].base == "と" && tokens[k + 1].base == "する";
  }

  // Nothing that looks like an object before token `first` in its sentence: no noun, no
  // particle after a noun, no adjective ("短く切りたい"). Adverbial nouns (今日も, また) and
  // adverbs may come first; 深く is how, not what ("深く切った").
  bool HasNoObject(std::uint32_t first) const {
    if (first == kNoToken || first == 0) return true;
    const auto& tokens = text_.tokens;
    const auto noun_like = [&](std::size_t k) {
      const Token& t = tokens[k];
      if (t.pos == "形容詞") return t.base != "深い";
      // When, not what: "殴られたあとは必ず切ってる", "夜は切ってしまう".
      if (IsOneOf(t.base, {"あと", "後", "とき", "時", "前", "夜", "朝", "晩", "日", "度", "回"})) {
        return false;
      }
      return t.pos == "名詞" && t.pos_detail != "副詞可能";
    };
    std::size_t k = first - 1;
    // Adverbs are skipped: "前髪をもう少し切りたい" has an object.
    for (int skipped = 0;
         skipped < 4 && k > 0 && tokens[k].pos == "副詞" && sentence_[k] == sentence_[first];
         ++skipped) {
      --k;
    }
    if (sentence_[k] != sentence_[first] || tokens[k].pos == "副詞") return true;
    if (tokens[k].pos == "助詞") {
      if (tokens[k].base == "を") return false;
      if (k == 0 || sentence_[k - 1] != sentence_[first]) return true;
      return !noun_like(k - 1);
    }
    return !noun_like(k);
  }

  // A trivial cause in the message (see Seal).
  bool HasTrivialCause() const { return trivial_cause_; }

  // A third person as the subject before the match (友達が, クラスの子は), hearsay after it
  // (らしい, って言ってた), or a topic in the sentence (ニュースで, ドラマの). A parent writing
  // about their own child (娘が) is not a third person. A sibling (兄が, 姉が) who is also a
  // family cue is the third person of a suicide-related match (兄がODした) and of a passive one
  // (兄が殴られてる), but in "兄が殴ってくる" the sibling is the one who acts on the writer.
  bool IsReported(const Hit& hit, RiskCategorySet categories) const {
    if (hit.first == kNoToken) return false;
    for (const Hit& topic : Near(CueKind::kTopic, hit.first)) {
      if (IsTopic(topic)) return true;
    }
    if (!Before(CueKind::kOwnChild, hit.first).empty()) return false;
    const bool critical = categories.Has(RiskCategory::kIdeation) ||
                          categories.Has(RiskCategory::kPlanMeans) ||
                          categories.Has(RiskCategory::kSelfHarm);
    for (const Hit* cue : Before(CueKind::kThirdParty, hit.first)) {
      if (!critical && !IsPassive(hit) && Overlaps(CueKind::kFamily, *cue)) continue;
      // A title may come first: "フォロワーさんが", "先輩たちは".
      std::size_t next = cue->last + 1;
      while (next < text_.tokens.size() && text_.tokens[next].pos == "名詞" &&
             text_.tokens[next].pos_detail == "接尾") {
        ++next;
      }
      if (next >= text_.tokens.size()) continue;
      // Without a particle, right before the match: "友達リスカしてるらしい", "あいついなくなれば".
      if (next == hit.first) return true;
      const Token& particle = text_.tokens[next];
      // の marks whose body or words (友達の腕に傷), but for the welfare categories it is
      // mostly where (先輩の家で無理やり…), and with a parent whose things (母の薬を集めてる):
      // there the writer is the one it is about.
      const bool family = Overlaps(CueKind::kFamily, *cue);
      if (particle.pos == "助詞" &&
          (IsOneOf(particle.base, {"が", "は", "も", "って"}) ||
           (critical && !family && particle.base == "の")) &&
          SubjectReaches(next, hit.first)) {
        return true;
      }
    }
    return HearsayAttached(hit);
  }

  // The third person's subject particle at `particle` is still the subject at the match: no
  // conjunction in between ("友達が無視するから死にたい", "母が怒ると死にたくなる": the clause
  // of the match is the writer's) and no first person taking over ("母は私が死にたいって
  //知らない").
  bool SubjectReaches(std::size_t particle, std::size_t match) const {
    const auto& tokens = text_.tokens;
    for (std::size_t k = particle + 1; k < match && k < tokens.size(); ++k) {
      const Token& t = tokens[k];
      if (t.pos == "助詞" && t.pos_detail == "接続助詞" && !IsOneOf(t.base, {"て", "で"})) {
        return false;  // て joins two acts of the same person: "姉が病んでて消えたいって"
      }
      if (t.pos == "助動詞" && IsOneOf(t.surface, {"たら", "だら"})) return false;
      // と after a verb is a condition unless it quotes: "母が怒ると死にたくなる".
      if (t.base == "と" && t.pos == "助詞" && k > 0 &&
          (tokens[k - 1].pos == "動詞" || tokens[k - 1].pos == "助動詞") &&
          !(k + 1 < tokens.size() && IsOneOf(tokens[k + 1].base, {"言う", "思う", "考える"}))) {
        return false;
      }
      if (t.pos == "名詞" && k + 1 < match &&
          IsOneOf(t.base, {"私", "わたし", "僕", "ぼく", "俺", "おれ", "うち", "自分", "あたし"}) &&
          tokens[k + 1].pos == "助詞" && IsOneOf(tokens[k + 1].base, {"が", "は", "も", "って"})) {
        return false;
      }
    }
    return true;
  }

  // Hearsay after the match that belongs to it: only particles, auxiliaries and the words that
  // may precede a negation stand between ("死にたいって言ってた", "リスカしてるらしい"), not
  // "死にたいって冗談っぽく言ってる" (冗談っぽく is how the writer says it).
  bool HearsayAttached(const Hit& hit) const {
    if (hit.last == kNoToken) return false;
    const auto& tokens = text_.tokens;
    for (const Hit& cue : Near(CueKind::kHearsay, hit.last)) {
      if (cue.first == kNoToken || cue.first <= hit.last) continue;
      bool attached = true;
      for (std::size_t k = hit.last + 1; k < cue.first && attached; ++k) {
        attached = tokens[k].pos == "記号" || MayPrecedeNegation(tokens[k]);
      }
      if (attached) return true;
    }
    return false;
  }

  // れる or られる right after the match.
  bool PassiveAfter(const Hit& hit) const {
    if (hit.last == kNoToken || hit.last + 1 >= text_.tokens.size()) return false;
    const Token& next = text_.tokens[hit.last + 1];
    return next.pos == "動詞" && next.pos_detail == "接尾" &&
           IsOneOf(next.base, {"れる", "られる"});
  }

  // A cue of one of these kinds in the sentence of the hit, outside the hit ("near=").
  bool NearAny(CueKindSet kinds, const Hit& hit) const {
    for (std::size_t k = 0; k < kCueKindCount; ++k) {
      if ((kinds & CueBit(static_cast<CueKind>(k))) != 0 &&
          InSentenceOutside(static_cast<CueKind>(k), hit)) {
        return true;
      }
    }
    return false;
  }

 private:
  // (sentence, first token); cues without tokens (the tokenizer left the text empty) sort last
  // and are near nothing.
  using Key = std::pair<std::size_t, std::size_t>;
  Key KeyOf(const Hit& hit) const {
    if (hit.first == kNoToken) return {std::numeric_limits<std::size_t>::max(), 0};
    return {sentence_[hit.first], hit.first};
  }
  // The cues of this kind in the sentence of token `at` that start at most
  // kContextWindowTokens tokens before or after it.
  std::span<const Hit> Near(CueKind kind, std::size_t at) const {
    const auto& hits = cues_[static_cast<std::size_t>(kind)];
    const std::size_t s = sentence_[at];
    const Key low{s, at > kContextWindowTokens ? at - kContextWindowTokens : 0};
    const Key high{s, at + kContextWindowTokens};
    const auto less = [&](const Hit& hit, const Key& key) { return KeyOf(hit) < key; };
    const auto from = std::lower_bound(hits.begin(), hits.end(), low, less);
    const auto to =
        std::upper_bound(hits.begin(), hits.end(), high,
                         [&](const Key& key, const Hit& hit) { return key < KeyOf(hit); });
    return from < to ? std::span<const Hit>(from, to) : std::span<const Hit>();
  }

  // A topic cue names where the words come from when a particle follows it (ニュースで, ドラマの,
  // 歌詞に) or when it is "X の 授業" (いじめの授業). Followed by a verb or a suffix it is only
  // what the writer was doing: "死ぬことを考えながら授業受けてる", "授業中に死にたくなる".
  bool IsTopic(const Hit& topic) const {
    if (topic.last == kNoToken) return false;
    const auto& tokens = text_.tokens;
    const std::size_t next = topic.last + 1;
    if (next >= tokens.size() || sentence_[next] != sentence_[topic.last]) return true;
    // "いじめの授業", and a verb right before: "飛び降りる夢", "自殺するシーン".
    if (topic.first > 0) {
      const Token& before = tokens[topic.first - 1];
      if ((before.pos == "助詞" && before.base == "の") || before.pos == "動詞" ||
          before.pos == "助動詞") {
        return true;
      }
    }
    const Token& after = tokens[next];
    return !(after.pos == "動詞" || (after.pos == "名詞" && after.pos_detail == "接尾"));
  }

  // れる or られる in the match or right after it: "殴られる", "いじめられてる".
  bool IsPassive(const Hit& hit) const {
    const auto& tokens = text_.tokens;
    for (std::size_t k = hit.first; k <= hit.last + 1 && k < tokens.size(); ++k) {
      if (tokens[k].pos == "動詞" && tokens[k].pos_detail == "接尾" &&
          IsOneOf(tokens[k].base, {"れる", "られる"})) {
        return true;
      }
    }
    return false;
  }

  // The hit is also (overlaps) a cue of this kind: 兄 is a third person and a family member.
  bool Overlaps(CueKind kind, const Hit& hit) const {
    for (const Hit& cue : Near(kind, hit.first)) {
      if (cue.begin < hit.end && hit.begin < cue.end) return true;
    }
    return false;
  }

  bool InMessageAt(CueKind kind, std::size_t token) const {
    for (const Hit& hit : Near(kind, token)) {
      if (hit.first <= token && token <= hit.last) return true;
    }
    return false;
  }

  const AnalyzedText& text_;
  const std::vector<std::uint16_t>& sentence_;
  std::array<std::vector<Hit>, kCueKindCount> cues_;
  bool trivial_cause_ = false;
};

Result<RiskMatcher> RiskMatcher::Build(Lexicon lexicon, const PatternFolder& folder) {
  RiskMatcher matcher;
  matcher.lexicon_ = std::move(lexicon);
  const Lexicon& lex = matcher.lexicon_;
  for (std::size_t i = 0; i < lex.entries.size(); ++i) {
    auto status =
        matcher.Add(Role::kEntry, static_cast<std::uint32_t>(i), lex.entries[i].pattern, folder);
    if (!status) return std::unexpected(status.error());
  }
  for (std::size_t i = 0; i < lex.cues.size(); ++i) {
    auto status =
        matcher.Add(Role::kCue, static_cast<std::uint32_t>(i), lex.cues[i].pattern, folder);
    if (!status) return std::unexpected(status.error());
  }
  for (std::size_t i = 0; i < lex.exceptions.size(); ++i) {
    auto status =
        matcher.Add(Role::kExcept, static_cast<std::uint32_t>(i), lex.exceptions[i], folder);
    if (!status) return std::unexpected(status.error());
  }
  for (auto& [cp, ids] : matcher.surface_index_) {
    std::stable_sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
      return matcher.patterns_[a].key.size() > matcher.patterns_[b].key.size();
    });
  }
  return matcher;
}

Status RiskMatcher::Add(Role role, std::uint32_t index, const LexiconPattern& pattern,
                        const PatternFolder& folder) {
  const std::string where = lexicon_.source + ":" + std::to_string(pattern.line) + ": ";
  Compiled compiled;
  compiled.role = role;
  compiled.index = index;
  compiled.match_on = pattern.match_on;
  if (pattern.match_on == MatchOn::kSurface) {
    auto key = folder.surface_key(pattern.text);
    if (!key) return Fail(key.error().code, where + key.error().message);
    if (key->empty()) {
      return Fail(ErrorCode::kInvalidArgument, where + "the pattern is empty once normalised");
    }
    compiled.key = std::move(*key);
    compiled.boundary_left = IsAsciiAlnum(compiled.key.front());
    compiled.boundary_right = IsAsciiAlnum(compiled.key.back());
    std::size_t at = 0;
    const char32_t first = NextCodePoint(compiled.key, at);
    surface_index_[first].push_back(static_cast<std::uint32_t>(patterns_.size()));
  } else {
    std::string_view text = pattern.text;
    while (!text.empty()) {
      const std::size_t space = text.find(' ');
      const std::string_view phrase = text.substr(0, space);
      text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
      if (phrase == "*" || phrase == "**") {
        compiled.words.emplace_back(phrase);
        continue;
      }
      auto words = folder.base_words(phrase);
      if (!words) return Fail(words.error().code, where + words.error().message);
      if (words->empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    where + "the phrase \"" + std::string(phrase) + "\" has no tokens");
      }
      for (std::string& word : *words) compiled.words.push_back(std::move(word));
    }
    base_index_[compiled.words.front()].push_back(static_cast<std::uint32_t>(patterns_.size()));
  }
  patterns_.push_back(std::move(compiled));
  return Ok();
}

void RiskMatcher::FindSurfaceHits(const AnalyzedText& text, std::vector<Hit>& hits) const {
  const std::string& key = text.key;
  const auto& tokens = text.tokens;
  for (std::size_t p = 0; p < key.size();) {
    std::size_t next = p;
    const char32_t cp = NextCodePoint(key, next);
    const auto found = surface_index_.find(cp);
    if (found != surface_index_.end()) {
      for (std::uint32_t id : found->second) {
        const Compiled& c = patterns_[id];
        if (key.compare(p, c.key.size(), c.key) != 0) continue;
        const std::size_t end = p + c.key.size();
        if (c.boundary_left && p > 0 && IsAsciiAlnum(key[p - 1])) continue;
        if (c.boundary_right && end < key.size() && IsAsciiAlnum(key[end])) continue;
        Hit hit;
        hit.pattern = id;
        hit.begin = text.key_begin[p];
        hit.end = text.key_end[end - 1];
        // The tokens that overlap [p, end) of the key.
        const auto first = std::partition_point(tokens.begin(), tokens.end(),
                                                [&](const Token& t) { return t.key_end <= p; });
        const auto past = std::partition_point(tokens.begin(), tokens.end(),
                                               [&](const Token& t) { return t.key_begin < end; });
        if (first < past) {
          hit.first = static_cast<std::uint32_t>(first - tokens.begin());
          hit.last = static_cast<std::uint32_t>(past - tokens.begin() - 1);
        }
        hits.push_back(hit);
      }
    }
    p = next;
  }
}

void RiskMatcher::FindBaseHits(const AnalyzedText& text, const std::vector<std::uint16_t>& sentence,
                               std::vector<Hit>& hits) const {
  const auto& tokens = text.tokens;
  const std::size_t n = tokens.size();
  // The last token of a match of words[w..] starting at token i, all inside sentence `s`.
  auto match = [&](auto& self, const std::vector<std::string>& words, std::size_t w, std::size_t i,
                   std::uint16_t s) -> std::optional<std::size_t> {
    if (w == words.size()) return i - 1;
    if (words[w] == "*" || words[w] == "**") {
      const std::size_t gap = words[w] == "*" ? kGapTokensMax : kLongGapTokensMax;
      for (std::size_t skip = 0; skip <= gap; ++skip) {
        const std::size_t j = i + skip;
        if (j > n || (skip > 0 && sentence[j - 1] != s)) break;
        if (auto last = self(self, words, w + 1, j, s)) return last;
      }
      return std::nullopt;
    }
    if (i >= n || sentence[i] != s) return std::nullopt;
    if (words[w] != tokens[i].base && words[w] != tokens[i].surface) return std::nullopt;
    return self(self, words, w + 1, i + 1, s);
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string* word : {&tokens[i].base, &tokens[i].surface}) {
      if (word == &tokens[i].surface && tokens[i].surface == tokens[i].base) break;
      const auto found = base_index_.find(*word);
      if (found == base_index_.end()) continue;
      for (std::uint32_t id : found->second) {
        const auto last = match(match, patterns_[id].words, 1, i + 1, sentence[i]);
        if (!last) continue;
        Hit hit;
        hit.pattern = id;
        hit.first = static_cast<std::uint32_t>(i);
        hit.last = static_cast<std::uint32_t>(*last);
        hit.begin = tokens[i].begin;
        hit.end = tokens[*last].end;
        hits.push_back(hit);
      }
    }
  }
}

std::string RiskMatcher::Describe(RiskCategorySet categories, const LexiconEntry& entry) const {
  // The file name without its folders: reasons are stored, and paths differ between machines.
  std::string_view file = lexicon_.source;
  if (const std::size_t slash = file.find_last_of('/'); slash != std::string_view::npos) {
    file.remove_prefix(slash + 1);
  }
  return CategoryNames(categories) + "「" + entry.pattern.text + "」 " + std::string(file) + ":" +
         std::to_string(entry.pattern.line);
}

RiskAssessment RiskMatcher::Assess(const AnalyzedText& text) const {
  TSUNAGU_CHECK(text.key_begin.size() == text.key.size());
  TSUNAGU_CHECK(text.key_end.size() == text.key.size());
  RiskAssessment out;
  out.bytes_analyzed = text.bytes_analyzed;
  out.truncated = text.truncated;
  out.repaired_utf8 = text.repaired_utf8;
  out.lexicon_version = lexicon_.version;

  // Sentences: split at 。.!? and line breaks, and where white space separates tokens (LINE
  // messages often use a space as a full stop: "もうむり しにたい"), but not at the spaces that
  // people put around Latin words ("OD しちゃった").
  const auto& tokens = text.tokens;
  std::vector<std::uint16_t> sentence(tokens.size());
  std::uint16_t current = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool latin_space =
        i > 0 && tokens[i].space_before &&
        ((!tokens[i - 1].surface.empty() && IsAsciiAlnum(tokens[i - 1].surface.back())) ||
         (!tokens[i].surface.empty() && IsAsciiAlnum(tokens[i].surface.front())));
    if (i > 0 && ((tokens[i].space_before && !latin_space) || IsSentenceEnd(tokens[i - 1])) &&
        current < std::numeric_limits<std::uint16_t>::max()) {
      ++current;
    }
    sentence[i] = current;
  }

  // Base patterns match inside a sentence of punctuation only: a space between words ("薬 全部
  // 飲んだ", "腕 切った") does not split a phrase, as it does not for surface patterns (the key
  // drops spaces). The rules below read the sentences that spaces split.
  std::vector<std::uint16_t> phrase(tokens.size());
  std::uint16_t phrase_current = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && IsSentenceEnd(tokens[i - 1]) &&
        phrase_current < std::numeric_limits<std::uint16_t>::max()) {
      ++phrase_current;
    }
    phrase[i] = phrase_current;
  }

  std::vector<Hit> hits;
  FindSurfaceHits(text, hits);
  FindBaseHits(text, phrase, hits);

  Context context(text, sentence);
  std::vector<std::pair<std::size_t, std::size_t>> excepted;
  for (const Hit& hit : hits) {
    const Compiled& c = patterns_[hit.pattern];
    if (c.role == Role::kCue) context.AddCue(lexicon_.cues[c.index].kind, hit);
    if (c.role == Role::kExcept) excepted.emplace_back(hit.begin, hit.end);
  }
  context.Seal();

  struct Found {
    RiskMatch match;
    const LexiconEntry* entry;
    Hit hit;
    bool intent;  // the entry's intent flag, or a declared or wished act
  };
  std::vector<Found> found;
  for (const Hit& hit : hits) {
    const Compiled& c = patterns_[hit.pattern];
    if (c.role != Role::kEntry) continue;
    const LexiconEntry& entry = lexicon_.entries[c.index];
    const bool is_excepted = std::any_of(excepted.begin(), excepted.end(), [&](const auto& span) {
      return span.first < hit.end && hit.begin < span.second;
    });
    if (is_excepted) continue;
    if (entry.flags.final && !context.AtSentenceEnd(hit.last)) continue;
    if (entry.flags.bare && !context.HasNoObject(hit.first)) continue;
    if (entry.flags.near != 0 && !context.NearAny(entry.flags.near, hit)) continue;
    // Self-harm is done by oneself: "腕を切られた", "噛まれた" (a passive right after) is not.
    if (entry.categories.Has(RiskCategory::kSelfHarm) && context.PassiveAfter(hit)) continue;
    const bool needs_met = entry.flags.needs == 0 || context.HasAny(entry.flags.needs);
    if (!needs_met && !entry.flags.weak) continue;
    bool negated = !entry.flags.no_negation && context.CountNegations(hit.first, hit.last) % 2 == 1;
    if (entry.flags.needs_negation) {
      if (!negated) continue;
      negated = false;  // the negation is part of the phrase: ご飯をもらえない
    }
    RiskModifier modifier = RiskModifier::kNone;
    if (entry.flags.hyperbole) {
      modifier = RiskModifier::kHyperbole;
    } else if (negated) {
      modifier = RiskModifier::kNegated;
    } else if (context.IsReported(hit, entry.categories)) {
      modifier = RiskModifier::kReported;
    } else if (entry.flags.weak &&
               (!needs_met || context.HasTrivialCause() ||
                context.HasAny(CueBit(CueKind::kLaugh) | CueBit(CueKind::kIdiom)))) {
      modifier = RiskModifier::kHyperbole;
    } else if (entry.categories.Has(RiskCategory::kIdeation) &&
               (context.InSentence(CueKind::kIdiom, hit.first) != nullptr ||
                (context.InMessage(CueKind::kLaugh) && context.HasTrivialCause()))) {
      modifier = RiskModifier::kHyperbole;
    }
    RiskCategorySet categories = entry.categories;
    if (entry.flags.by_agent || entry.flags.adds != 0) {
      // Who did it: the first of family, school, stranger with a cue in the sentence.
      constexpr std::array<std::pair<CueKind, RiskCategory>, 3> kAgents = {{
          {CueKind::kFamily, RiskCategory::kAbuseFamily},
          {CueKind::kSchool, RiskCategory::kBullying},
          {CueKind::kStranger, RiskCategory::kCrimeVictim},
      }};
      for (const auto& [kind, category] : kAgents) {
        if (!context.InSentenceOutside(kind, hit)) continue;
        if (entry.flags.by_agent) {
          categories = {};
          categories.Add(category);
        } else if ((entry.flags.adds & CueBit(kind)) != 0) {
          categories.Add(category);
        }
        break;
      }
    }
    // An act that is declared or wished is an intent, and the wish is ideation.
    const bool willed_act =
        entry.flags.act && modifier == RiskModifier::kNone && context.IsWilled(hit.last);
    if (willed_act) categories.Add(RiskCategory::kIdeation);
    // An intent followed by と+する is a past attempt ("死のうとした"): a plan, not a wish.
    bool intent = entry.flags.intent || willed_act;
    RiskLevel level = entry.level;
    if (entry.flags.intent && categories.Has(RiskCategory::kIdeation) &&
        modifier == RiskModifier::kNone && context.IsAttempt(hit.last)) {
      RiskCategorySet plan;
      for (RiskCategory c : kAllRiskCategories) {
        if (categories.Has(c) && c != RiskCategory::kIdeation) plan.Add(c);
      }
      plan.Add(RiskCategory::kPlanMeans);
      categories = plan;
      level = std::max(level, RiskLevel::kPlanOrMeans);
      intent = false;
    }
    RiskMatch match;
    match.categories = categories;
    match.level = level;
    match.modifier = modifier;
    match.begin = hit.begin;
    match.end = hit.end;
    match.pattern = entry.pattern.text;
    match.lexicon_line = entry.pattern.line;
    found.push_back({std::move(match), &entry, hit, intent});
  }

  // One match per place: the surface and the base form often find the same words, and a short
  // pattern inside a longer one with the same categories and modifier adds nothing.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (a.match.begin != b.match.begin) return a.match.begin < b.match.begin;
    if (a.match.end != b.match.end) return a.match.end > b.match.end;
    return a.match.level > b.match.level;
  });
  // Sorted by begin, every kept match starts at or before f: f is covered when one with the
  // same categories and modifier, and a level at least as high, ends at or after it.
  std::vector<Found> kept;
  std::map<std::tuple<std::uint8_t, RiskModifier, RiskLevel>, std::size_t> end_max;
  for (Found& f : found) {
    bool covered = false;
    for (int level = static_cast<int>(f.match.level); level <= kRiskLevelMax; ++level) {
      const auto it = end_max.find(
          {f.match.categories.bits(), f.match.modifier, static_cast<RiskLevel>(level)});
      if (it != end_max.end() && it->second >= f.match.end) covered = true;
    }
    if (covered) continue;
    auto& end = end_max[{f.match.categories.bits(), f.match.modifier, f.match.level}];
    end = std::max(end, f.match.end);
    kept.push_back(std::move(f));
  }

  // Self-harm as the means of dying: "手首を切って死にたい", "深く切ったら死ねる" name a method
  // (plan_means), not self-harm. The self-harm match must be joined by て, たら or ば to an
  // ideation match right after it.
  std::vector<bool> as_means(kept.size(), false);
  std::vector<std::uint32_t> ideation_starts;  // sorted: kept is in text order
  for (const Found& f : kept) {
    if (f.match.modifier == RiskModifier::kNone &&
        f.match.categories.Has(RiskCategory::kIdeation) && f.hit.first != kNoToken) {
      ideation_starts.push_back(f.hit.first);
    }
  }
  std::sort(ideation_starts.begin(), ideation_starts.end());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const RiskMatch& m = kept[i].match;
    if (m.modifier != RiskModifier::kNone || !m.categories.Has(RiskCategory::kSelfHarm) ||
        m.categories.Has(RiskCategory::kIdeation) || kept[i].hit.last == kNoToken) {
      continue;
    }
    std::size_t k = kept[i].hit.last + 1;
    if (k < tokens.size() && tokens[k].base == "する") ++k;
    if (k >= tokens.size() || sentence[k] != sentence[kept[i].hit.last]) continue;
    const Token& link = tokens[k];
    const bool joined = (link.pos == "助詞" && IsOneOf(link.base, {"て", "で", "ば"})) ||
                        (link.pos == "助動詞" && link.surface == "たら");
    // "リスカしても死にたい" is a concession: the self-harm stays self-harm.
    if (!joined || (k + 1 < tokens.size() && tokens[k + 1].base == "も")) continue;
    const auto next = std::upper_bound(ideation_starts.begin(), ideation_starts.end(), k);
    if (next != ideation_starts.end() && *next <= k + 3) as_means[i] = true;
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (!as_means[i]) continue;
    RiskCategorySet categories;
    for (RiskCategory c : kAllRiskCategories) {
      if (kept[i].match.categories.Has(c) && c != RiskCategory::kSelfHarm) categories.Add(c);
    }
    categories.Add(RiskCategory::kPlanMeans);
    kept[i].match.categories = categories;
    kept[i].match.level = std::max(kept[i].match.level, RiskLevel::kPlanOrMeans);
  }

  auto raise = [&](RiskLevel level) { out.level = std::max(out.level, level); };
  auto cue_text = [&](const Hit* hit) {
    return lexicon_.cues[patterns_[hit->pattern].index].pattern.text;
  };
  RiskCategorySet modified;
  for (const Found& f : kept) {
    const RiskMatch& m = f.match;
    if (m.modifier != RiskModifier::kNone) {
      modified.Add(m.categories);
      out.reasons.push_back(std::string(RiskModifierLabelJa(m.modifier)) + " / " +
                            std::string(RiskModifierName(m.modifier)) + ": " +
                            Describe(m.categories, *f.entry) + " (レベルに数えない / not counted)");
      continue;
    }
    out.categories.Add(m.categories);
    raise(m.level);
    out.reasons.push_back("該当 / match: " + Describe(m.categories, *f.entry));
    if (f.entry->categories.Has(RiskCategory::kSelfHarm) &&
        !m.categories.Has(RiskCategory::kSelfHarm)) {
      out.reasons.push_back(
          "計画 / plan: 自傷の行為 + 希死念慮 = 手段 (self-harm as the means of dying)");
    }
    const EntryFlags& flags = f.entry->flags;
    if (f.intent && !flags.intent) {
      out.reasons.push_back(
          "希死念慮 / ideation: 行為の意思・願望 (an act that is declared or "
          "wished)");
    }
    if (f.intent) {
      const Hit* cue = context.InMessage(CueKind::kTime);
      if (cue == nullptr) cue = context.InMessage(CueKind::kImminent);
      if (cue == nullptr) cue = context.InMessage(CueKind::kPlace);
      if (cue == nullptr) cue = context.InMessage(CueKind::kMeans);
      if (cue != nullptr) {
        out.categories.Add(RiskCategory::kPlanMeans);
        raise(RiskLevel::kPlanOrMeans);
        out.reasons.push_back("計画 / plan: 意思 + 時・場所・手段「" + cue_text(cue) +
                              "」 (intent with a time, place or means)");
      }
    } else if (m.categories.Has(RiskCategory::kIdeation)) {
      const Hit* cue = context.InSentence(CueKind::kMeans, f.hit.first);
      if (cue == nullptr) cue = context.InSentence(CueKind::kPlace, f.hit.first);
      if (cue != nullptr) {
        out.categories.Add(RiskCategory::kPlanMeans);
        raise(RiskLevel::kPlanOrMeans);
        out.reasons.push_back("計画 / plan: 希死念慮 + 手段・場所「" + cue_text(cue) +
                              "」 (ideation with a means or place in the same sentence)");
      }
    }
    if (flags.act || f.intent) {
      if (const Hit* cue = context.InMessage(CueKind::kImminent)) {
        raise(RiskLevel::kImminent);
        out.reasons.push_back("切迫 / imminent: 「" + cue_text(cue) +
                              "」 + 行為・意思 (an imminent cue with an act or intent)");
      }
    }
    if (m.categories.Has(RiskCategory::kIdeation) || m.categories.Has(RiskCategory::kPlanMeans)) {
      if (const Hit* cue = context.InMessage(CueKind::kFarewell)) {
        raise(RiskLevel::kImminent);
        out.reasons.push_back("切迫 / imminent: 別れの言葉「" + cue_text(cue) +
                              "」 + 希死念慮・計画 (a farewell with ideation or a plan)");
      }
    }
  }
  for (RiskCategory c : kAllRiskCategories) {
    if (modified.Has(c) && !out.categories.Has(c)) out.signals.Add(c);
  }
  out.matches.reserve(kept.size());
  for (Found& f : kept) out.matches.push_back(std::move(f.match));
  if (out.truncated) {
    out.reasons.push_back("先頭 " + std::to_string(out.bytes_analyzed) +
                          " バイトのみ分析 / only the first bytes were analysed");
  }
  return out;
}

}  // namespace tsunagu::core::risk
