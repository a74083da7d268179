___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "PersonaClick snippet",
  "categories": [
    "PERSONALIZATION",
    "ANALYTICS"
  ],
  "brand": {
    "id": "brand_dummy",
    "displayName": ""
  },
  "description": "Loads pc.js, the PersonaClick tracking snippet, and sets its store key, data stream and API base URL with pc('init'). Other tags then send events with pc(...).",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "shopId",
    "displayName": "Store key",
    "simpleValueType": true,
    "help": "The 30-character hexadecimal store key from the PersonaClick account: Account > Settings > Store Settings.",
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      },
      {
        "type": "REGEX",
        "args": [
          "^[0-9a-fA-F]{30}$"
        ],
        "errorMessage": "A store key is 30 hexadecimal characters (0-9, a-f)."
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "scriptUrl",
    "displayName": "Script URL",
    "simpleValueType": true,
    "help": "Address of pc.js, such as https://cdn.your-shop.example/pc.js. It must match the template's Injects scripts permission.",
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      },
      {
        "type": "REGEX",
        "args": [
          "^https?://\\S+$"
        ],
        "errorMessage": "Enter the full http or https address of pc.js."
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "stream",
    "displayName": "Data stream",
    "simpleValueType": true,
    "defaultValue": "web",
    "help": "Data stream code: letters and digits, at most 16. Empty means web.",
    "valueValidators": [
      {
        "type": "REGEX",
        "args": [
          "^[a-zA-Z0-9]{0,16}$"
        ],
        "errorMessage": "Use letters and digits only, at most 16."
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "apiUrl",
    "displayName": "API base URL",
    "simpleValueType": true,
    "help": "Leave empty for the PersonaClick API, https://api.personaclick.com.",
    "valueValidators": [
      {
        "type": "REGEX",
        "args": [
          "^(https?://[^\\s/?#]+(/[^\\s?#]*)?)?$"
        ],
        "errorMessage": "Enter an http or https URL without a query, or leave the field empty."
      }
    ]
  }
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

// Sets up the pc() queue, sets the store key with pc('init', …) and loads pc.js: the Custom HTML
// tag of README.md ("Google Tag Manager tag and template"), written with the sandbox APIs.
const callInWindow = require('callInWindow');
const copyFromWindow = require('copyFromWindow');
const createArgumentsQueue = require('createArgumentsQueue');
const getType = require('getType');
const injectScript = require('injectScript');
const logToConsole = require('logToConsole');

const LOG_PREFIX = '[pc template]';

// Another script may own window.pc already, and replacing it would break that script.
const existing = copyFromWindow('pc');
if (existing !== undefined && getType(existing) !== 'function') {
  logToConsole(LOG_PREFIX, 'window.pc is already used by another script (its type is ' + getType(existing) + '), so pc.js was not loaded.');
  data.gtmOnFailure();
  return;
}

// The stub: until pc.js runs, every pc() call is queued in pc.q, and pc.js replays the queue.
createArgumentsQueue('pc', 'pc.q');

const options = { stream: data.stream || 'web' };
if (data.apiUrl) {
  options.api = data.apiUrl;
}
callInWindow('pc', 'init', data.shopId, options);

// The URL is the cache token, so a second firing on the same page does not load pc.js again.
injectScript(data.scriptUrl, data.gtmOnSuccess, () => {
  logToConsole(LOG_PREFIX, 'failed to load ' + data.scriptUrl + '; check the Script URL field and the Injects scripts permission.');
  data.gtmOnFailure();
}, data.scriptUrl);


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "access_globals",
        "versionId": "1"
      },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pc"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pc.q"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
                  }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "inject_script",
        "versionId": "1"
      },
      "param": [
        {
          "key": "urls",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "https://cdn.your-shop.example/*"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "debug"
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  }
]


___NOTES___

The Injects scripts permission above is a placeholder: set it to the URL pattern of the shop's
pc.js before use (README.md, "Google Tag Manager tag and template"). A Community Template
Gallery submission also needs the terms-of-service section whose text Google supplies; this
file leaves it out.
