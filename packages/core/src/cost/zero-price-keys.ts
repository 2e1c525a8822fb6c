/**
 * Price-table keys that can never add cost to a `TokenUsage`: they price usage it does not carry
 * (audio/image/video/text modality splits, 1h/5m cache-write splits, searches, pages, seconds,
 * characters). In the table's unit hierarchy each is either more specific than a unit we
 * report or unrelated to all of them, so its share is zero and no reported unit is reduced by it.
 * A key outside this list and the handled ones makes the entry fall back to `calcPrice`, so a
 * newer table with new units stays correct.
 *
 * @example
 * ```ts
 * ZERO_PRICE_KEYS.has('web_searches_kcount'); // true
 * ```
 */
export const ZERO_PRICE_KEYS: ReadonlySet<string> = new Set([
  'audio_hours',
  'cache_audio_read_mtok',
  'cache_audio_write_1h_mtok',
  'cache_audio_write_5m_mtok',
  'cache_audio_write_mtok',
  'cache_image_read_mtok',
  'cache_image_write_1h_mtok',
  'cache_image_write_5m_mtok',
  'cache_image_write_mtok',
  'cache_text_read_mtok',
  'cache_text_write_1h_mtok',
  'cache_text_write_5m_mtok',
  'cache_text_write_mtok',
  'cache_video_read_mtok',
  'cache_video_write_1h_mtok',
  'cache_video_write_5m_mtok',
  'cache_video_write_mtok',
  'cache_write_1h_mtok',
  'cache_write_5m_mtok',
  'code_executions_kcount',
  'input_annotated_document_kpages',
  'input_audio_hours',
  'input_audio_mtok',
  'input_audio_tool_mtok',
  'input_document_kpages',
  'input_gpixels',
  'input_image_mtok',
  'input_image_tool_mtok',
  'input_mchars',
  'input_text_messages_kcount',
  'input_text_mtok',
  'input_text_tool_mtok',
  'input_tool_mtok',
  'input_video_mtok',
  'input_video_tool_mtok',
  'output_audio_citation_mtok',
  'output_audio_hours',
  'output_audio_mtok',
  'output_audio_reasoning_mtok',
  'output_citation_mtok',
  'output_image_citation_mtok',
  'output_image_mtok',
  'output_image_reasoning_mtok',
  'output_text_citation_mtok',
  'output_text_mtok',
  'output_text_reasoning_mtok',
  'output_video_citation_mtok',
  'output_video_mtok',
  'output_video_reasoning_mtok',
  'rerank_searches_kcount',
  'social_searches_kcount',
  'storage_searches_kcount',
  'web_searches_kcount',
]);
