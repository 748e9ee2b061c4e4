// A conversation's (or an alert's) suggested risk: the level with its colour, categories in the
// title (hover) and for screen readers. Nothing is shown for level 0 without categories.
import { useI18n } from '../i18n';
import { categoriesLabel, clampLevel, levelLabel } from '../lib/risk';

interface Props {
  level: number | null | undefined;
  categories?: readonly string[] | null | undefined;
  testId?: string;
}

export function RiskBadge({ level, categories, testId = 'risk-badge' }: Props) {
  const { t } = useI18n();
  const l = clampLevel(level);
  const cats = categoriesLabel(categories, t);
  if (l === 0 && cats === '') return null;
  const text = l === 0 ? t('risk.categoriesOnly', { categories: cats }) : levelLabel(l, t);
  const title =
    l === 0
      ? text
      : cats
        ? t('risk.badgeTitle', { level: levelLabel(l, t), categories: cats })
        : t('risk.badgeTitleNoCategories', { level: levelLabel(l, t) });
  return (
    <span
      className={`badge risk-badge risk-level-${l}`}
      data-testid={testId}
      data-level={l}
      data-categories={(categories ?? []).join(',')}
      title={title}
    >
      {l > 0 && (
        <span className="risk-icon" aria-hidden="true">
          !
        </span>
      )}
      {text}
      {l > 0 && cats && <span className="visually-hidden">（{cats}）</span>}
    </span>
  );
}
