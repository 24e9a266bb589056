// Broadcaster console: small live updates on top of pages that work without JavaScript.
"use strict";
