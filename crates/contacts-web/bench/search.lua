-- wrk script: the search API with a different query on each request.
-- Words from `contacts demo`: family names, given names, towns, a phone prefix, a prefix.
local words = {
  "nowak", "kowalski", "wiśniewski", "wójcik", "kamiński", "lewandowski", "mazur",
  "jan", "piotr", "anna", "katarzyna", "tomasz", "łukasz", "marcin", "agnieszka",
  "kraków", "gdańsk", "poznań", "warszawa", "müller", "dvořák", "garcía",
  "now", "kow", "zieli", "jan nowak", "anna kowalska", "sp. z o.o.", "+48 5", "xyzzy",
}
local paths = {}
for i, w in ipairs(words) do
  local q = w:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end)
  paths[i] = "/api/v1/contacts?book=business&limit=20&q=" .. q
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
