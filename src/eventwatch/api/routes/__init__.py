"""The API's routers, one module per resource group; `create_app` includes them in this order
(the order of the OpenAPI paths): health, articles, events, actors, rules, alerts, trends."""
