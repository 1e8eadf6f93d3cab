// placeholder: replaced as this layer lands
