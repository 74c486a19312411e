/* The 403 page: the navigation still works for the logged-in user. */
'use strict';

T.page(async () => {});
