/** The Chinese words of every feature, loaded when someone picks Chinese (see load-locale.ts). */
import { FEATURE_MESSAGES } from './messages.ts';

export default Object.assign({}, ...Object.values(FEATURE_MESSAGES).map((feature) => feature.zh)) as Record<string, string>;
