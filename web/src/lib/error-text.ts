// What to tell the operator when a call to the server failed.
import type { ApiError } from './api.ts';
import { t } from '../i18n/i18n.ts';

export function errorText(status: number, error: ApiError): string {
  if (status === 0) return t('errNetwork');
  if (status === 401) return t('errSession');
  if (status >= 500) return t('errServer', { status });
  return error.message;
}
