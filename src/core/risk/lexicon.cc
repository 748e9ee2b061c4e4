#include "core/risk/lexicon.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <utility>

#include "core/enum_names.h"
#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::core::risk {
namespace {

constexpr std::array<EnumName<CueKind>, kCueKindCount> kCueKindNames = {{
    {CueKind::kImminent, "imminent"},
    {CueKind::kTime, "time"},
    {CueKind::kPlace, "place"},
    {CueKind::kMeans, "means"},
    {CueKind::kFarewell, "farewell"},
    {CueKind::kNight, "night"},
    {CueKind::kThirdParty, "third_party"},
    {CueKind::kOwnChild, "own_child"},
    {CueKind::kTopic, "topic"},
    {CueKind::kHearsay, "hearsay"},
    {CueKind::kLaugh, "laugh"},
    {CueKind::kTrivial, "trivial"},
    {CueKind::kIdiom, "idiom"},
    {CueKind::kFamily, "family"},
    {CueKind::kSchool, "school"},
    {CueKind::kStranger, "stranger"},
    {CueKind::kDistress, "distress"},
    {CueKind::kBody, "body"},
    {CueKind::kHarm, "harm"},
}};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

bool HasControlChar(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

// Parses one file line by line; every error names the line.
class Parser {
 public:
  explicit Parser(std::string_view source) { lexicon_.source = std::string(source); }

  Result<Lexicon> Run(std::string_view text) {
    if (text.size() > kRiskLexiconBytesMax) {
      return Fail(ErrorCode::kLimitExceeded, lexicon_.source + ": larger than " +
                                                 std::to_string(kRiskLexiconBytesMax) + " bytes");
    }
    std::size_t line_number = 0;
    for (std::string_view line : Split(text, '\n')) {
      ++line_number;
      line_ = line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!IsValidUtf8(line)) return Failure("not valid UTF-8");
      if (line.empty() || line.front() == '#') continue;
      if (auto status = ParseRecord(line); !status) return std::unexpected(status.error());
    }
    if (lexicon_.version.empty()) {
      return Fail(ErrorCode::kInvalidArgument, lexicon_.source + ": no \"version\" record");
    }
    return std::move(lexicon_);
  }

 private:
  std::unexpected<core::Error> Failure(const std::string& reason) const {
    return Fail(ErrorCode::kInvalidArgument,
                lexicon_.source + ":" + std::to_string(line_) + ": " + reason);
  }

  Status ParseRecord(std::string_view line) {
    const std::vector<std::string_view> columns = Split(line, '\t');
    const std::string_view kind = columns[0];
    if (kind == "version") return ParseVersion(columns);
    if (lexicon_.version.empty()) return Failure("the first record must be \"version\"");
    if (kind == "entry") return ParseEntry(columns);
    if (kind == "cue") return ParseCue(columns);
    if (kind == "except") return ParseExcept(columns);
    return Failure("unknown record \"" + std::string(kind) +
                   "\" (expected version, entry, cue or except)");
  }

  Status ParseVersion(const std::vector<std::string_view>& columns) {
    if (columns.size() != 2 || columns[1].empty()) return Failure("expected: version<TAB>VALUE");
    if (!lexicon_.version.empty()) return Failure("a second \"version\" record");
    if (HasControlChar(columns[1])) return Failure("control character in the version");
    lexicon_.version = std::string(columns[1]);
    return Ok();
  }

  // entry CATEGORIES LEVEL MATCH PATTERN [FLAGS]
  Status ParseEntry(const std::vector<std::string_view>& columns) {
    if (columns.size() != 5 && columns.size() != 6) {
      return Failure("expected: entry<TAB>CATEGORIES<TAB>LEVEL<TAB>MATCH<TAB>PATTERN[<TAB>FLAGS]");
    }
    LexiconEntry entry;
    for (std::string_view name : Split(columns[1], ',')) {
      const std::optional<RiskCategory> category = ParseRiskCategory(name);
      if (!category) return Failure("unknown category \"" + std::string(name) + "\"");
      if (entry.categories.Has(*category)) {
        return Failure("category \"" + std::string(name) + "\" listed twice");
      }
      entry.categories.Add(*category);
    }
    if (columns[2].size() != 1 || columns[2][0] < '0' || columns[2][0] > '3') {
      return Failure("level must be 0, 1, 2 or 3, not \"" + std::string(columns[2]) + "\"");
    }
    entry.level = static_cast<RiskLevel>(columns[2][0] - '0');
    auto pattern = ParsePattern(columns[3], columns[4]);
    if (!pattern) return std::unexpected(pattern.error());
    entry.pattern = std::move(*pattern);
    if (columns.size() == 6) {
      auto flags = ParseFlags(columns[5]);
      if (!flags) return std::unexpected(flags.error());
      entry.flags = *flags;
    }
    auto key = std::make_tuple(std::string("entry"), entry.categories.bits(),
                               entry.pattern.match_on, entry.pattern.text);
    if (auto status = CheckDuplicate(std::move(key)); !status) return status;
    lexicon_.entries.push_back(std::move(entry));
    return Ok();
  }

  // cue KIND MATCH PATTERN
  Status ParseCue(const std::vector<std::string_view>& columns) {
    if (columns.size() != 4) return Failure("expected: cue<TAB>KIND<TAB>MATCH<TAB>PATTERN");
    LexiconCue cue;
    const std::optional<CueKind> kind = ParseCueKind(columns[1]);
    if (!kind) return Failure("unknown cue kind \"" + std::string(columns[1]) + "\"");
    cue.kind = *kind;
    auto pattern = ParsePattern(columns[2], columns[3]);
    if (!pattern) return std::unexpected(pattern.error());
    cue.pattern = std::move(*pattern);
    auto key = std::make_tuple(std::string("cue"), static_cast<std::uint8_t>(cue.kind),
                               cue.pattern.match_on, cue.pattern.text);
    if (auto status = CheckDuplicate(std::move(key)); !status) return status;
    lexicon_.cues.push_back(std::move(cue));
    return Ok();
  }

  // except MATCH PATTERN
  Status ParseExcept(const std::vector<std::string_view>& columns) {
    if (columns.size() != 3) return Failure("expected: except<TAB>MATCH<TAB>PATTERN");
    auto pattern = ParsePattern(columns[1], columns[2]);
    if (!pattern) return std::unexpected(pattern.error());
    auto key =
        std::make_tuple(std::string("except"), std::uint8_t{0}, pattern->match_on, pattern->text);
    if (auto status = CheckDuplicate(std::move(key)); !status) return status;
    lexicon_.exceptions.push_back(std::move(*pattern));
    return Ok();
  }

  Result<LexiconPattern> ParsePattern(std::string_view match, std::string_view text) {
    LexiconPattern pattern;
    pattern.line = line_;
    if (match == "surface") {
      pattern.match_on = MatchOn::kSurface;
    } else if (match == "base") {
      pattern.match_on = MatchOn::kBase;
    } else {
      return Failure("match must be \"surface\" or \"base\", not \"" + std::string(match) + "\"");
    }
    if (text.empty()) return Failure("empty pattern");
    if (text.size() > kRiskPatternBytesMax) {
      return Failure("pattern longer than " + std::to_string(kRiskPatternBytesMax) + " bytes");
    }
    if (HasControlChar(text)) return Failure("control character in the pattern");
    if (text.front() == ' ' || text.back() == ' ') {
      return Failure("pattern starts or ends with a space");
    }
    if (pattern.match_on == MatchOn::kSurface) {
      if (text.find(' ') != std::string_view::npos) {
        return Failure("a surface pattern has no spaces (they are dropped before matching)");
      }
      if (text.find('*') != std::string_view::npos) {
        return Failure("\"*\" (a gap) is only allowed in base patterns");
      }
    } else {
      const std::vector<std::string_view> phrases = Split(text, ' ');
      const auto is_gap = [](std::string_view phrase) { return phrase == "*" || phrase == "**"; };
      if (static_cast<std::size_t>(std::count_if(phrases.begin(), phrases.end(), is_gap)) >
          kRiskPatternGapsMax) {
        return Failure("more than " + std::to_string(kRiskPatternGapsMax) +
                       " gaps (\"*\") in the pattern");
      }
      if (std::count(phrases.begin(), phrases.end(), "**") > 1) {
        return Failure("more than one long gap (\"**\") in the pattern");
      }
      for (std::size_t i = 0; i < phrases.size(); ++i) {
        if (phrases[i].empty()) return Failure("two spaces in a row in the pattern");
        if (is_gap(phrases[i]) && (i == 0 || i + 1 == phrases.size())) {
          return Failure("a base pattern cannot start or end with \"*\"");
        }
        if (is_gap(phrases[i]) && is_gap(phrases[i - 1])) {
          return Failure("\"* *\" in the pattern");
        }
        if (!is_gap(phrases[i]) && phrases[i].find('*') != std::string_view::npos) {
          return Failure("\"*\" must stand alone between spaces");
        }
      }
    }
    pattern.text = std::string(text);
    return pattern;
  }

  Result<EntryFlags> ParseFlags(std::string_view text) {
    EntryFlags flags;
    if (text == "-") return flags;
    for (std::string_view flag : Split(text, ',')) {
      if (flag == "hyperbole") {
        flags.hyperbole = true;
      } else if (flag == "intent") {
        flags.intent = true;
      } else if (flag == "act") {
        flags.act = true;
      } else if (flag == "final") {
        flags.final = true;
      } else if (flag == "needs_negation") {
        flags.needs_negation = true;
      } else if (flag == "no_negation") {
        flags.no_negation = true;
      } else if (flag == "by_agent") {
        flags.by_agent = true;
      } else if (flag.starts_with("adds=")) {
        for (std::string_view name : Split(flag.substr(5), '|')) {
          const std::optional<CueKind> kind = ParseCueKind(name);
          if (kind != CueKind::kFamily && kind != CueKind::kSchool && kind != CueKind::kStranger) {
            return Failure("adds= takes family, school or stranger, not \"" + std::string(name) +
                           "\"");
          }
          flags.adds |= CueBit(*kind);
        }
      } else if (flag == "weak") {
        flags.weak = true;
      } else if (flag == "bare") {
        flags.bare = true;
      } else if (flag.starts_with("needs=")) {
        for (std::string_view name : Split(flag.substr(6), '|')) {
          const std::optional<CueKind> kind = ParseCueKind(name);
          if (!kind) return Failure("unknown cue kind \"" + std::string(name) + "\" in needs=");
          flags.needs |= CueBit(*kind);
        }
      } else if (flag.starts_with("near=")) {
        for (std::string_view name : Split(flag.substr(5), '|')) {
          const std::optional<CueKind> kind = ParseCueKind(name);
          if (!kind) return Failure("unknown cue kind \"" + std::string(name) + "\" in near=");
          flags.near |= CueBit(*kind);
        }
      } else {
        return Failure("unknown flag \"" + std::string(flag) + "\"");
      }
    }
    if (flags.needs_negation && flags.no_negation) {
      return Failure("flags \"needs_negation\" and \"no_negation\" exclude each other");
    }
    if (flags.by_agent && flags.adds != 0) {
      return Failure("flags \"by_agent\" and \"adds=\" exclude each other");
    }
    if (flags.hyperbole && (flags.weak || flags.intent || flags.act)) {
      return Failure("flag \"hyperbole\" cannot be combined with weak, intent or act");
    }
    return flags;
  }

  using Key = std::tuple<std::string, std::uint8_t, MatchOn, std::string>;
  Status CheckDuplicate(Key key) {
    auto [it, inserted] = seen_.emplace(std::move(key), line_);
    if (!inserted) return Failure("duplicate of line " + std::to_string(it->second));
    return Ok();
  }

  Lexicon lexicon_;
  std::size_t line_ = 0;
  std::map<Key, std::size_t> seen_;
};

}  // namespace

std::string_view CueKindName(CueKind kind) { return NameIn(kCueKindNames, kind); }

std::optional<CueKind> ParseCueKind(std::string_view name) { return ParseIn(kCueKindNames, name); }

Result<Lexicon> ParseLexicon(std::string_view text, std::string_view source) {
  return Parser(source).Run(text);
}

}  // namespace tsunagu::core::risk
