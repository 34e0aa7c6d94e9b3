/** The field manager every write of ours uses, so server-side apply tracks our fields as ours. */
export const FIELD_MANAGER = 'batteries-included';
