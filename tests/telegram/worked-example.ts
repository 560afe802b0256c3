/** docs/telegram.md §6, copied so the tests run without the shared docs. */
export const EXAMPLE_TOKEN = '123456:TEST';
export const EXAMPLE_NOW = 1735689610;

export const EXAMPLE_USER_JSON =
  '{"id":987654321,"first_name":"Анна","last_name":"Тестова","username":"anna_test","language_code":"ru","allows_write_to_pm":true,"photo_url":"https:\\/\\/t.me\\/i\\/userpic\\/320\\/abc.svg"}';

/** In the order of the raw string below. */
export const EXAMPLE_FIELDS: Record<string, string> = {
  user: EXAMPLE_USER_JSON,
  chat_instance: '-1234567890123456789',
  chat_type: 'sender',
  start_param: 'lesson_42',
  auth_date: '1735689600',
};

export const EXAMPLE_SECRET_HEX =
  '074488923673d68c7cb57f1e230f0a34d78bdb8c7ed12ae3c1f1e38963a2856f';
export const EXAMPLE_HASH = '0acfbe4f18dd701d3a4cc8a5a99b1f2b6447fee5fd33928dbbaf5f72254c4aa2';
export const EXAMPLE_LOGIN_SECRET_HEX =
  '33c04252127ff81f8b02686924396ca28da4ebba1502af83114a0f539d29149f';

export const EXAMPLE_DATA_CHECK_STRING = [
  'auth_date=1735689600',
  'chat_instance=-1234567890123456789',
  'chat_type=sender',
  'start_param=lesson_42',
  `user=${EXAMPLE_USER_JSON}`,
].join('\n');

export const EXAMPLE_RAW =
  'user=%7B%22id%22%3A987654321%2C%22first_name%22%3A%22%D0%90%D0%BD%D0%BD%D0%B0%22%2C%22last_name%22%3A%22%D0%A2%D0%B5%D1%81%D1%82%D0%BE%D0%B2%D0%B0%22%2C%22username%22%3A%22anna_test%22%2C%22language_code%22%3A%22ru%22%2C%22allows_write_to_pm%22%3Atrue%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2Fabc.svg%22%7D&chat_instance=-1234567890123456789&chat_type=sender&start_param=lesson_42&auth_date=1735689600&hash=0acfbe4f18dd701d3a4cc8a5a99b1f2b6447fee5fd33928dbbaf5f72254c4aa2';
