// The Train button's words for the models ticked. With none it read "Train …", which said nothing;
// now plain "Train" (disabled), and the reason next to it says to choose a model.
import type { ModelKind } from '../../core/models/model.ts';

export function trainButtonLabel(models: readonly ModelKind[]): string {
  if (models.length === 0) return 'Train';
  return models.length === 1 ? `Train ${models[0]}` : 'Train both models';
}
