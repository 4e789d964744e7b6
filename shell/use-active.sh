
# `twenv init SHELL --use-active`: a new shell starts on the active profile,
# as `twenv use ID` would, unless it has a profile or Twilio credentials in
# its environment already (the binary checks; it prints nothing then).
twenv use --active -q
