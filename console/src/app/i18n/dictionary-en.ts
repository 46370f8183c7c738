/** The English words of every feature, loaded when someone picks English (see load-locale.ts). */
import { FEATURE_MESSAGES } from './messages.ts';

export default Object.assign({}, ...Object.values(FEATURE_MESSAGES).map((feature) => feature.en)) as Record<string, string>;
